// Per-field validation of a registration (docs/behaviour.md §1): every violation is reported at once.
import type { FieldViolation, RegisterRequest } from './registry.types.ts';

const WORKER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const NAME_MAX = 128;
const LABELS_MAX = 32;

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Splits "host:port" and checks the port; returns a description of what is wrong, if anything. */
export function addressProblem(address: string): string | undefined {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return 'must be HOST:PORT';
  const port = Number(address.slice(colon + 1));
  if (!isIntegerIn(port, 1, 65535)) return 'port must be an integer from 1 to 65535';
  return undefined;
}

export function validateRegistration(request: RegisterRequest): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });
  const r = request as unknown as Record<string, unknown>;

  if (r.workerId !== undefined && (typeof r.workerId !== 'string' || !WORKER_ID.test(r.workerId))) {
    add('workerId', 'must match ^[A-Za-z0-9._-]{1,64}$');
  }
  if (typeof r.name !== 'string' || r.name.trim().length === 0) add('name', 'must be a non-empty string');
  else if (r.name.length > NAME_MAX) add('name', `must be at most ${NAME_MAX} characters`);
  if (!isIntegerIn(r.maxConcurrentJobs, 1, 100)) add('maxConcurrentJobs', 'must be an integer from 1 to 100');
  if (r.address !== undefined) {
    const problem = typeof r.address === 'string' ? addressProblem(r.address) : 'must be HOST:PORT';
    if (problem) add('address', problem);
  }
  if (r.loadFactor !== undefined) {
    const lf = r.loadFactor;
    if (typeof lf !== 'number' || !(lf >= 0.1 && lf <= 2.0)) add('loadFactor', 'must be a number from 0.1 to 2.0');
  }
  if (r.capabilities !== undefined && !isStringMap(r.capabilities)) {
    add('capabilities', 'must be a map of strings to strings');
  }
  if (r.labels !== undefined) {
    if (!isStringMap(r.labels)) add('labels', 'must be a map of strings to strings');
    else if (Object.keys(r.labels).length > LABELS_MAX) add('labels', `must have at most ${LABELS_MAX} entries`);
  }
  if (r.resources !== undefined) {
    const resources = r.resources;
    if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
      add('resources', 'must be an object');
    } else {
      for (const [key, value] of Object.entries(resources)) {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          add(`resources.${key}`, 'must be a non-negative number');
        }
      }
    }
  }
  return violations;
}

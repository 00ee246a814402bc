// Checks of decoded requests before they reach the registry core, which validates registrations
// itself but trusts the rest. A decoded message has the proto's types, but a caller can still
// leave a field empty or send a negative or non-finite number; every violation is reported at
// once, per field, as the core does for registrations.
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import type { WireBreakerState } from './proto/messages.ts';

const WORKER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const JOB_ID_MAX = 128;
const KIND_MAX = 128;
const INT32_MAX = 2 ** 31 - 1;
const BREAKER_STATES: readonly WireBreakerState[] = ['BREAKER_STATE_UNSPECIFIED', 'CLOSED', 'OPEN', 'HALF_OPEN'];

export class FieldChecks {
  readonly violations: FieldViolation[] = [];

  #add(field: string, description: string): void {
    this.violations.push({ field, description });
  }

  workerId(field: string, value: unknown): this {
    if (typeof value !== 'string' || !WORKER_ID.test(value)) this.#add(field, 'must match ^[A-Za-z0-9._-]{1,64}$');
    return this;
  }

  nonEmpty(field: string, value: unknown, max = 4096): this {
    if (typeof value !== 'string' || value.length === 0) this.#add(field, 'must be a non-empty string');
    else if (value.length > max) this.#add(field, `must be at most ${max} characters`);
    return this;
  }

  text(field: string, value: unknown, max = 1 << 20): this {
    if (typeof value !== 'string') this.#add(field, 'must be a string');
    else if (value.length > max) this.#add(field, `must be at most ${max} characters`);
    return this;
  }

  integer(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): this {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.#add(field, max === Number.MAX_SAFE_INTEGER ? `must be an integer of at least ${min}` : `must be an integer from ${min} to ${max}`);
    }
    return this;
  }

  amount(field: string, value: unknown): this {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) this.#add(field, 'must be a non-negative number');
    return this;
  }

  flag(field: string, value: unknown): this {
    if (typeof value !== 'boolean') this.#add(field, 'must be a boolean');
    return this;
  }

  stringMap(field: string, value: unknown, maxEntries = Number.POSITIVE_INFINITY): this {
    const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
    if (!ok) this.#add(field, 'must be a map of strings to strings');
    else if (Object.keys(value).length > maxEntries) this.#add(field, `must have at most ${maxEntries} entries`);
    return this;
  }

  oneOf(field: string, value: unknown, allowed: readonly string[]): this {
    if (typeof value !== 'string' || !allowed.includes(value)) this.#add(field, `must be one of ${allowed.join(', ')}`);
    return this;
  }

  stringList(field: string, value: unknown): this {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) this.#add(field, 'must be a list of strings');
    return this;
  }
}

type Fields = Record<string, unknown>;

function session(r: Fields): FieldChecks {
  return new FieldChecks().workerId('workerId', r.workerId).integer('epoch', r.epoch, 1).nonEmpty('sessionToken', r.sessionToken);
}

export function checkSession(r: Fields): FieldViolation[] {
  return session(r).violations;
}

export function checkHeartbeat(r: Fields): FieldViolation[] {
  const c = session(r)
    .integer('currentJobs', r.currentJobs, 0, INT32_MAX)
    .integer('availableCapacity', r.availableCapacity, 0, INT32_MAX)
    .amount('cpuPercent', r.cpuPercent)
    .amount('memoryUsedMb', r.memoryUsedMb)
    .amount('memoryTotalMb', r.memoryTotalMb)
    .integer('errorCount', r.errorCount, 0, INT32_MAX)
    .text('message', r.message, 4096)
    .oneOf('breakerState', r.breakerState, BREAKER_STATES);
  const active = r.activeJobs as { ids?: unknown } | null | undefined;
  if (active !== null && active !== undefined) c.stringList('activeJobs.ids', active.ids);
  return c.violations;
}

export function checkDeregister(r: Fields): FieldViolation[] {
  return session(r).flag('force', r.force).text('reason', r.reason, 1024).violations;
}

export function checkTaskReport(r: Fields): FieldViolation[] {
  return session(r)
    .nonEmpty('jobId', r.jobId, JOB_ID_MAX)
    .integer('attempt', r.attempt, 1, INT32_MAX)
    .flag('ok', r.ok)
    .text('result', r.result)
    .violations;
}

export function checkSubmitJob(r: Fields): FieldViolation[] {
  const c = new FieldChecks()
    .nonEmpty('kind', r.kind, KIND_MAX)
    .text('payload', r.payload)
    .stringMap('requires', r.requires, 64)
    .integer('timeoutMs', r.timeoutMs, 0);
  // The same pattern as REST's (and a worker ID's): an ID every API can name.
  if (r.jobId !== undefined) c.workerId('jobId', r.jobId);
  return c.violations;
}

export function checkWorkerIdRequest(r: Fields): FieldViolation[] {
  return new FieldChecks().workerId('workerId', r.workerId).violations;
}

export function checkJobIdRequest(r: Fields): FieldViolation[] {
  return new FieldChecks().nonEmpty('jobId', r.jobId, JOB_ID_MAX).violations;
}

/** Fields of a registration the core does not see: the join token and the agent port. */
export function checkRegisterExtras(r: Fields): FieldViolation[] {
  const c = new FieldChecks().text('joinToken', r.joinToken, 4096);
  if (r.instance !== undefined) c.text('instance', r.instance, 64);
  if (r.defaultName !== undefined) c.flag('defaultName', r.defaultName);
  if (r.agentPort !== undefined) c.integer('agentPort', r.agentPort, 1, 65535);
  return c.violations;
}

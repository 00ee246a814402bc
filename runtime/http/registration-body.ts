// POST /api/workers' body as the core's RegisterRequest. The core validates the fields it
// knows; the HTTP layer adds its own (agentPort, workerSecret, version) and, when one of
// those is wrong, reports them together with the core's, so every violation comes at once.
import { validateRegistration } from '../../machines/registry/validation.ts';
import type { RegisterRequest } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { FieldReader, isPlainObject } from './field-reader.ts';

const CORE_FIELDS = ['workerId', 'name', 'address', 'maxConcurrentJobs', 'capabilities', 'labels', 'loadFactor', 'resources'] as const;

/** The peer's IP, IPv4-mapped IPv6 written as plain IPv4. */
export function plainIp(peerIp: string): string {
  return peerIp.startsWith('::ffff:') ? peerIp.slice('::ffff:'.length) : peerIp;
}

/** "host:port" for the peer's IP; IPv6 in brackets. */
export function agentAddress(peerIp: string, port: number): string {
  const ip = plainIp(peerIp);
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The registration request in `body`. Without `address`, an `agentPort` makes the address
 * from the peer's IP. Throws a 400 only for violations the core does not check itself (so
 * that the core's failed-attempt count sees every other invalid registration).
 */
export function registerRequestOf(body: unknown, peerIp: string): RegisterRequest {
  if (!isPlainObject(body)) {
    throw ApiError.invalid('invalid registration: body', [{ field: 'body', description: 'must be a JSON object' }]);
  }
  const reader = new FieldReader(body);
  const request: Record<string, unknown> = {};
  for (const field of CORE_FIELDS) if (reader.has(field)) request[field] = reader.raw(field);
  const agentPort = reader.integer('agentPort', 1, 65535);
  const workerSecret = reader.string('workerSecret', { max: 256 });
  const version = reader.string('version', { max: 64 });
  const instance = reader.string('instance', { max: 64 });
  if (instance !== undefined) request.instance = instance;
  if (reader.boolean('defaultName')) request.defaultName = true;
  if (workerSecret !== undefined) request.workerSecret = workerSecret;
  if (version !== undefined) request.version = version;
  if (request.address === undefined && agentPort !== undefined) request.address = agentAddress(peerIp, agentPort);
  const registration = request as unknown as RegisterRequest;
  registration.sourceAddress = plainIp(peerIp);
  if (reader.violations.length > 0) {
    const details = [...validateRegistration(registration), ...reader.violations];
    throw ApiError.invalid(`invalid registration: ${details.map((v) => v.field).join(', ')}`, details);
  }
  return registration;
}

// POST /api/workers' body as the core's RegisterRequest. The core validates the fields it
// knows; the HTTP layer adds its own (agentPort, workerSecret, version, instance, defaultName),
// which the body's schema checks.
import { validateRegistration } from '../../machines/registry/validation.ts';
import type { RegisterRequest } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { isPlainObject } from './field-reader.ts';
import { invalidRequest, requestViolations } from './request-validation.ts';

const CORE_FIELDS = ['workerId', 'name', 'address', 'maxConcurrentJobs', 'capabilities', 'labels', 'loadFactor', 'resources'] as const;
/** The fields the HTTP layer adds to the core's. */
const HTTP_FIELDS = ['agentPort', 'workerSecret', 'version', 'instance', 'defaultName'] as const;

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
 * The registration request in `body` (Registration, request-schemas.ts). Without `address`, an
 * `agentPort` makes the address from the peer's IP. The fields the core knows are the core's to
 * judge (docs/behaviour.md §1): it counts every invalid attempt it sees, and gRPC shares its
 * rules. So the schema's violations refuse a request here only when a field of the HTTP layer's
 * own is among them, and then with the core's, so that every violation comes at once.
 */
export function registerRequestOf(body: unknown, peerIp: string): RegisterRequest {
  if (!isPlainObject(body)) {
    throw ApiError.invalid('invalid registration: body', [{ field: 'body', description: 'must be a JSON object' }]);
  }
  const own = requestViolations('Registration', body).filter((v) => !(CORE_FIELDS as readonly string[]).includes(v.field.split('.')[0]!));
  const request: Record<string, unknown> = {};
  for (const field of [...CORE_FIELDS, ...HTTP_FIELDS]) if (body[field] !== undefined) request[field] = body[field];
  delete request.agentPort;
  if (request.defaultName !== true) delete request.defaultName;
  const registration = request as unknown as RegisterRequest;
  if (own.length > 0) throw invalidRequest('invalid registration', [...validateRegistration(registration), ...own]);
  if (registration.address === undefined && typeof body.agentPort === 'number') registration.address = agentAddress(peerIp, body.agentPort);
  registration.sourceAddress = plainIp(peerIp);
  return registration;
}

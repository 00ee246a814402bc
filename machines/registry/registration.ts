// Who is registering: identity by requested ID, then by agent address, else a new member;
// secrets (SPEC §1, as Nomad does) and the failed-attempt lock-out.
import type { RegistryConfig } from './registry.config.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { Outcome, RegisterReply, RegisterRequest, RegistryError } from './registry.types.ts';
import { sameSecret } from './same-secret.ts';


export type Identity =
  | { kind: 'new'; id: string | undefined; reassigned: boolean }
  | { kind: 'returning'; member: MemberRecord }
  | { kind: 'denied'; message: string };

function isLive(member: MemberRecord): boolean {
  const state = stateOf(member);
  return state === 'active' || state === 'unhealthy';
}

function secretMatches(member: MemberRecord, secret: string | undefined): boolean {
  return member.secret === '' || sameSecret(secret, member.secret);
}

export function identify(table: MemberTable, request: RegisterRequest): Identity {
  if (request.workerId !== undefined) {
    const member = table.get(request.workerId);
    if (!member) return { kind: 'new', id: request.workerId, reassigned: false };
    if (secretMatches(member, request.workerSecret)) return { kind: 'returning', member };
    const elsewhere = request.address !== undefined && request.address !== member.address;
    if (isLive(member) && elsewhere) return { kind: 'new', id: undefined, reassigned: true };
    return { kind: 'denied', message: `worker ${member.id} exists and the worker secret does not match` };
  }
  if (request.address !== undefined) {
    const member = table.byAddress(request.address);
    if (member && secretMatches(member, request.workerSecret)) return { kind: 'returning', member };
  }
  return { kind: 'new', id: undefined, reassigned: false };
}

/** Failed registration attempts per key, and the lock-out that follows too many. */
export class AttemptLimiter {
  readonly #failures = new Map<string, { count: number; lockedUntil: number }>();
  readonly #max: number;
  readonly #lockoutMs: number;

  constructor(max: number, lockoutMs: number) {
    this.#max = max;
    this.#lockoutMs = lockoutMs;
  }

  /** Milliseconds until `key` may try again, or 0. */
  retryAfter(key: string, now: number): number {
    const entry = this.#failures.get(key);
    if (!entry) return 0;
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.lockedUntil > 0) this.#failures.delete(key);
    return 0;
  }

  failed(key: string, now: number): void {
    const entry = this.#failures.get(key) ?? { count: 0, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.#max) entry.lockedUntil = now + this.#lockoutMs;
    this.#failures.set(key, entry);
  }

  succeeded(key: string): void {
    this.#failures.delete(key);
  }
}

/**
 * The registration rate limits (SPEC §1, issue "trust"): per worker ID (`registrationAttemptsMax`
 * failures, then `registrationLockout`) and per source address (`registrationAttemptsPerSourceMax`,
 * the same lock-out), so one host cannot probe many IDs either. A success clears the ID's count,
 * not the source's: a source's failures only run out with its lock-out.
 */
export class RegistrationGate {
  readonly #byId: AttemptLimiter;
  readonly #bySource: AttemptLimiter;

  constructor(config: RegistryConfig) {
    this.#byId = new AttemptLimiter(config.registrationAttemptsMax, config.registrationLockout);
    this.#bySource = new AttemptLimiter(config.registrationAttemptsPerSourceMax, config.registrationLockout);
  }

  /** Why this request may not try now (rate limited), or undefined. */
  refusal(request: RegisterRequest, now: number): RegistryError | undefined {
    const source = request.sourceAddress;
    const waitSource = source ? this.#bySource.retryAfter(source, now) : 0;
    if (waitSource > 0) return rateLimited(`too many failed registrations from ${source}`, waitSource);
    const id = request.workerId;
    const waitId = id !== undefined ? this.#byId.retryAfter(id, now) : 0;
    if (waitId > 0) return rateLimited(`too many failed registrations for ${id}`, waitId);
    return undefined;
  }

  failed(request: RegisterRequest, now: number): void {
    if (request.workerId !== undefined) this.#byId.failed(request.workerId, now);
    if (request.sourceAddress) this.#bySource.failed(request.sourceAddress, now);
  }

  succeeded(request: RegisterRequest): void {
    if (request.workerId !== undefined) this.#byId.succeeded(request.workerId);
  }
}

function rateLimited(what: string, waitMs: number): RegistryError {
  return { ok: false, code: 'rate_limited', message: `${what}; retry in ${Math.ceil(waitMs / 1000)} s`, retryAfterMs: waitMs };
}

/** Counts a registration's outcome as `created`, `re_registered` or `rejected:<code>`. */
export function countOutcome(counts: Map<string, number>, outcome: Outcome<RegisterReply>): Outcome<RegisterReply> {
  const key = !outcome.ok ? `rejected:${outcome.code}` : outcome.reRegistered ? 're_registered' : 'created';
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return outcome;
}

// The registration lock-outs (docs/behaviour.md §1; docs/security.md, Limits): failed attempts counted per
// worker ID and per source address, and the lock-out that follows too many.
import type { RegistryConfig } from './registry.config.ts';
import type { RegisterRequest, RegistryError } from './registry.types.ts';

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
 * What a registration's secret proves about the member its `workerId` names: `valid` (it is
 * that member's secret), `wrong` (a guess at a secret the member has), or `none` (no secret
 * given, no such member, or a member without a secret yet).
 */
export type SecretCheck = 'valid' | 'wrong' | 'none';

/**
 * The registration rate limits: per worker ID (`registrationAttemptsMax` failures, then
 * `registrationLockout`) and per source address (`registrationAttemptsPerSourceMax`, the same
 * lock-out), so one host cannot probe many IDs either. A success clears the ID's count, not the
 * source's: a source's failures only run out with its lock-out.
 *
 * An ID's lock-out never holds back a request that shows the ID's valid secret (issue #16):
 * otherwise anyone with the join token could lock a live worker out by failing three times
 * under its ID. While an ID is locked, each wrong secret tried for it still counts against its
 * source, so guessing stays bounded by the per-source limit.
 */
export class RegistrationGate {
  readonly #byId: AttemptLimiter;
  readonly #bySource: AttemptLimiter;

  constructor(config: RegistryConfig) {
    this.#byId = new AttemptLimiter(config.registrationAttemptsMax, config.registrationLockoutMs);
    this.#bySource = new AttemptLimiter(config.registrationAttemptsPerSourceMax, config.registrationLockoutMs);
  }

  /** Why this request may not try now (rate limited), or undefined. */
  refusal(request: RegisterRequest, secret: SecretCheck, now: number): RegistryError | undefined {
    const source = request.sourceAddress;
    const waitSource = source ? this.#bySource.retryAfter(source, now) : 0;
    if (waitSource > 0) return rateLimited(`too many failed registrations from ${source}`, waitSource);
    const id = request.workerId;
    const waitId = id !== undefined && secret !== 'valid' ? this.#byId.retryAfter(id, now) : 0;
    if (waitId === 0) return undefined;
    if (secret === 'wrong' && source) this.#bySource.failed(source, now);
    return rateLimited(`too many failed registrations for ${id}`, waitId);
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

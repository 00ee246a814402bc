// Who is registering: identity by requested ID, then by agent address, else a new member;
// secrets (SPEC §1, as Nomad does) and the failed-attempt lock-out.
import type { RegistryConfig } from './registry.config.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { Outcome, RegisterReply, RegisterRequest } from './registry.types.ts';
import { sameSecret } from './same-secret.ts';

export { sameSecret };

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

/** Failed registration attempts per worker ID, and the lock-out that follows too many. */
export class AttemptLimiter {
  readonly #failures = new Map<string, { count: number; lockedUntil: number }>();
  readonly #config: RegistryConfig;

  constructor(config: RegistryConfig) {
    this.#config = config;
  }

  /** Milliseconds until `id` may try again, or 0. */
  retryAfter(id: string, now: number): number {
    const entry = this.#failures.get(id);
    if (!entry) return 0;
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.lockedUntil > 0) this.#failures.delete(id);
    return 0;
  }

  failed(id: string, now: number): void {
    const entry = this.#failures.get(id) ?? { count: 0, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.#config.registrationAttemptsMax) entry.lockedUntil = now + this.#config.registrationLockout;
    this.#failures.set(id, entry);
  }

  succeeded(id: string): void {
    this.#failures.delete(id);
  }
}

/** Counts a registration's outcome as `created`, `re_registered` or `rejected:<code>`. */
export function countOutcome(counts: Map<string, number>, outcome: Outcome<RegisterReply>): Outcome<RegisterReply> {
  const key = !outcome.ok ? `rejected:${outcome.code}` : outcome.reRegistered ? 're_registered' : 'created';
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return outcome;
}

// The registration lock-outs as the log shows them (docs/behaviour.md §1 Registration), for the
// invariants that judge them: failed attempts counted per worker ID and per source address,
// the lock-out `registrationAttemptsMax` (or `registrationAttemptsPerSourceMax`) of them start,
// and a successful registration (a member's new session) clearing its ID's count. The counts
// live in one registry's memory: each replica keeps its own (entries name it, `replica`), and a
// registry that starts — afresh, from its store, or as a replica taking the lead — starts with none.
import type { LogEntry } from '../events/log-entry.ts';
import type { Bounds } from './invariant.ts';

/** One ID's or one source's failed attempts and the lock-out they started. */
interface Count {
  failures: number;
  lockedUntil: number;
}

/** Codes of attempts that count as failures (a lock-out refusal itself does not). */
export const COUNTED = new Set(['invalid_argument', 'permission_denied']);

/** The keys a refusal counts against: its worker ID and its source address, when it names them. */
export function keysOf(e: LogEntry): { id: string | null; source: string | null } {
  return { id: typeof e.id === 'string' ? `id:${e.id}` : null, source: typeof e.source === 'string' ? `source:${e.source}` : null };
}

function registryOf(e: LogEntry): string {
  return typeof e.replica === 'string' ? e.replica : '';
}

export class LockoutLedger {
  /** Per registry (replica name, '' for a single one): counts by key. */
  readonly #counts = new Map<string, Map<string, Count>>();
  readonly #epochOf = new Map<string, number>();
  readonly #bounds: Bounds;

  constructor(bounds: Bounds) {
    this.#bounds = bounds;
  }

  /** The count of `key` on `registry` at `t`; a lock-out that ran out starts the count again. */
  #count(registry: string, key: string, t: number): Count {
    const counts = this.#counts.get(registry) ?? new Map<string, Count>();
    this.#counts.set(registry, counts);
    const c = counts.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (c.lockedUntil > 0 && t >= c.lockedUntil) Object.assign(c, { failures: 0, lockedUntil: 0 });
    counts.set(key, c);
    return c;
  }

  /** Whether `key` is locked out, at the time of `e`, on the registry that wrote `e`. */
  locked(key: string | null, e: LogEntry): boolean {
    return key !== null && this.#count(registryOf(e), key, e.t).lockedUntil > e.t;
  }

  /** Takes in one entry after the invariant judged it: a new session, or a counted refusal. */
  see(e: LogEntry): void {
    if (e.type === 'registry.started' || e.type === 'registry.restarted') this.#counts.delete(registryOf(e));
    if (e.type === 'member' && typeof e.id === 'string' && typeof e.epoch === 'number' && e.epoch > (this.#epochOf.get(e.id) ?? 0)) {
      this.#epochOf.set(e.id, e.epoch);
      this.#counts.get(registryOf(e))?.delete(`id:${e.id}`);
    }
    if (e.type !== 'registration.refused' || !COUNTED.has(String(e.code))) return;
    const { id, source } = keysOf(e);
    if (id) this.#fail(registryOf(e), id, this.#bounds.lockout.perId, e.t);
    if (source) this.#fail(registryOf(e), source, this.#bounds.lockout.perSource, e.t);
  }

  #fail(registry: string, key: string, max: number, t: number): void {
    const c = this.#count(registry, key, t);
    c.failures++;
    if (c.failures >= max) c.lockedUntil = t + this.#bounds.lockout.ms;
  }
}

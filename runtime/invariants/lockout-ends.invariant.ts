// Lock-outs end when they should (docs/behaviour.md §1 Registration): after
// `registrationAttemptsMax` failed attempts for one worker ID (or
// `registrationAttemptsPerSourceMax` from one source address) further attempts are refused
// with RESOURCE_EXHAUSTED for `registrationLockout`, and no longer. A registration that
// succeeds clears its ID's count. The log shows every refusal (`registration.refused`).
import { violation, type Invariant } from './invariant.ts';

/** One ID's or one source's failed attempts and the lock-out they started. */
interface Count {
  failures: number;
  lockedUntil: number;
}

/** Codes of attempts that count as failures (a lock-out refusal itself does not). */
const COUNTED = new Set(['invalid_argument', 'permission_denied']);

export const lockoutEnds: Invariant = {
  name: 'lock-outs-end-on-time',
  check(entries, bounds) {
    const counts = new Map<string, Count>();
    const count = (key: string, t: number): Count => {
      const c = counts.get(key) ?? { failures: 0, lockedUntil: 0 };
      // A lock-out that ran out starts the count again.
      if (c.lockedUntil > 0 && t >= c.lockedUntil) Object.assign(c, { failures: 0, lockedUntil: 0 });
      counts.set(key, c);
      return c;
    };
    const fail = (key: string, max: number, t: number) => {
      const c = count(key, t);
      c.failures++;
      if (c.failures >= max) c.lockedUntil = t + bounds.lockout.ms;
    };
    const epochOf = new Map<string, number>();
    for (const e of entries) {
      // A new session is a registration that succeeded.
      if (e.type === 'member' && typeof e.id === 'string' && typeof e.epoch === 'number' && e.epoch > (epochOf.get(e.id) ?? 0)) {
        epochOf.set(e.id, e.epoch);
        counts.delete(`id:${e.id}`);
      }
      if (e.type !== 'registration.refused') continue;
      const id = typeof e.id === 'string' ? `id:${e.id}` : null;
      const source = typeof e.source === 'string' ? `source:${e.source}` : null;
      if (COUNTED.has(String(e.code))) {
        if (id) fail(id, bounds.lockout.perId, e.t);
        if (source) fail(source, bounds.lockout.perSource, e.t);
      } else if (e.code === 'rate_limited') {
        const locked = [id, source].some((key) => key !== null && count(key, e.t).lockedUntil > e.t);
        if (!locked) return violation(this.name, `a registration for ${e.id ?? 'no ID'} was refused as locked out at ${e.t} ms, but no lock-out held then`, e);
      }
    }
    return null;
  },
};

// Every registration opens a session with a higher epoch (docs/behaviour.md §1 Registration),
// and only a member's first session is a first registration: the worker's first registration
// of a member an operator pre-registered is `registered`, not a return, and any later one is
// `re-registered`. The log shows each session a registration opens (a `member` entry with that
// reason and the new epoch); a removed member's ID starts again from its first session. A
// registration committed but never logged (cut off by a crash, or by a leader losing its lease
// with the commit in flight: restart-keeps-members.invariant.ts) leaves its member's first
// logged session a return: after such a restart a member first seen may be `re-registered`.
import { violation, type Invariant } from './invariant.ts';

const OPENS = new Set(['registered', 're-registered']);

export const sessionsNumbered: Invariant = {
  name: 'sessions-numbered-in-order',
  check(entries) {
    /** Per member ID: the newest epoch a registration opened (0 before its first session). */
    const newest = new Map<string, number>();
    let crashed = false;
    /** Whether some session may have opened without its line: a restart after a crash, or a replica taking the lead. */
    let unlogged = false;
    for (const e of entries) {
      if (e.type === 'registry.crashed') crashed = true;
      if (e.type === 'registry.restarted') unlogged ||= crashed || e.replica !== undefined;
      if (e.type === 'member.removed' && typeof e.id === 'string') newest.delete(e.id);
      if (e.type !== 'member' || typeof e.id !== 'string' || typeof e.epoch !== 'number' || !OPENS.has(String(e.reason))) continue;
      const before = newest.get(e.id) ?? 0;
      if (e.epoch <= before) return violation(this.name, `${e.id} was ${e.reason} at ${e.t} ms with epoch ${e.epoch}, not above its session ${before}`, e);
      const first = before === 0;
      const cutOff = first && unlogged && e.reason === 're-registered';
      if (!cutOff && first !== (e.reason === 'registered')) {
        return violation(this.name, `${e.id} opened ${first ? 'its first session' : `session ${e.epoch} after session ${before}`} at ${e.t} ms logged as ${e.reason}`, e);
      }
      newest.set(e.id, e.epoch);
    }
    return null;
  },
};

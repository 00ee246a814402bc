// An operator's drain reaches the worker (docs/behaviour.md §1 Heartbeats: an acknowledgement
// may carry the instruction *drain*): once an operator drains a member (`drain requested`), its
// worker, if it is active, leaves `active` — to drain, or for any other reason — by its next
// heartbeat, within one heartbeat interval; unless its link was disturbed or the registry could
// not hear meanwhile.
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

export const drainReachesWorker: Invariant = {
  name: 'operator-drain-reaches-worker',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const within = bounds.heartbeatIntervalMs + bounds.slackMs;
    /** Per node: its worker's ID and process state. */
    const workers = new Map<string, { id: string; state: string }>();
    /** Drained members whose worker was active: the drain, and the node. */
    const waiting = new Map<string, { drain: LogEntry; node: string }>();
    for (const e of [...entries, { t: bounds.endMs, type: 'end' } as LogEntry]) {
      for (const [id, { drain, node }] of waiting) {
        const deadline = drain.t + within;
        if (e.t <= deadline) continue;
        waiting.delete(id);
        if (overlaps(troubles.cut.get(node), drain.t, deadline) || overlaps(troubles.registryBlind, drain.t, deadline)) continue;
        return violation(this.name, `${id} was drained by an operator at ${drain.t} ms and its worker was still active at ${deadline} ms`, drain);
      }
      if (e.type === 'worker' && typeof e.node === 'string' && typeof e.to === 'string') {
        workers.set(e.node, { id: typeof e.id === 'string' ? e.id : '', state: e.to });
        if (e.to !== 'active' && typeof e.id === 'string') waiting.delete(e.id);
      } else if (e.type === 'member' && e.reason === 'drain requested' && typeof e.id === 'string') {
        const node = [...workers].find(([, w]) => w.id === e.id && w.state === 'active')?.[0];
        if (node !== undefined) waiting.set(e.id, { drain: e, node });
      }
    }
    return null;
  },
};

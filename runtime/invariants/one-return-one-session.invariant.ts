// One return, one session (issue #16): a worker resumed after being stopped (SIGSTOP) comes back
// as at most one new session until the next fault on its node. A worker frozen until it failed
// came back with its own re-registration and the registry's dial-ins still landing, and its
// member went through sessions 2, 3 and 4 within 50 ms, each requeueing the last one's jobs.
import type { LogEntry } from '../events/log-entry.ts';
import { violation, type Invariant } from './invariant.ts';

/** The nodes a fault entry names (`nodes`, or `node` for crashes and restarts). */
function nodesOf(e: LogEntry): readonly string[] {
  if (Array.isArray(e.nodes)) return e.nodes;
  return typeof e.node === 'string' ? [e.node] : [];
}

export const oneReturnOneSession: Invariant = {
  name: 'one-return-one-session',
  check(entries) {
    const idOfNode = new Map<string, string>();
    const epochOf = new Map<string, number>();
    /** Members whose worker was resumed, with the entry that resumed it and the sessions opened since. */
    const returning = new Map<string, { resumed: LogEntry; sessions: number }>();
    for (const e of entries) {
      if (e.type === 'worker' && typeof e.node === 'string' && typeof e.id === 'string') {
        idOfNode.set(e.node, e.id);
      } else if (e.type.startsWith('fault.')) {
        // Any other fault on the node ends its return: what follows is another story.
        for (const node of nodesOf(e)) {
          const id = idOfNode.get(node) ?? node;
          if (e.type === 'fault.resume') returning.set(id, { resumed: e, sessions: 0 });
          else returning.delete(id);
        }
      } else if (e.type === 'member' && typeof e.id === 'string' && typeof e.epoch === 'number') {
        const before = epochOf.get(e.id) ?? 0;
        if (e.epoch <= before) continue;
        epochOf.set(e.id, e.epoch);
        const back = returning.get(e.id);
        if (!back || ++back.sessions <= 1) continue;
        return violation(this.name, `${e.id} opened ${back.sessions} sessions (now ${e.epoch}) since its worker was resumed at ${back.resumed.t} ms: one return must make one session`, e);
      }
    }
    return null;
  },
};

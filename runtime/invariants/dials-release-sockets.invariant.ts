// Dials release their sockets (issue #16): the registry holds no more connections to a worker
// than the dial-ins that can be in flight to it (dials to one member start at least
// reconnectInterval apart and each ends within dialTimeout), and none once the member is
// removed. Judged on the `dial.sockets` samples a scenario takes (`run.dialSockets`): a wedged
// worker's address used to keep one registry socket per dial until the registry exited.
import { violation, type Invariant } from './invariant.ts';

export const dialsReleaseSockets: Invariant = {
  name: 'dials-release-sockets',
  check(entries, bounds) {
    const inFlightMax = Math.ceil((bounds.dialTimeoutMs + bounds.slackMs) / bounds.reconnectIntervalMs);
    const removed = new Set<string>();
    for (const e of entries) {
      if (e.type === 'member.removed' && typeof e.id === 'string') removed.add(e.id);
      else if (e.type === 'member' && typeof e.id === 'string') removed.delete(e.id);
      if (e.type !== 'dial.sockets' || typeof e.open !== 'number' || e.open === 0) continue;
      const id = String(e.id);
      if (removed.has(id)) return violation(this.name, `the registry holds ${e.open} dial connection(s) to ${e.node} after ${id} was removed`, e);
      if (e.open > inFlightMax) {
        const why = `at most ${inFlightMax} dial(s) can be in flight (dialTimeout ${bounds.dialTimeoutMs} ms, reconnectInterval ${bounds.reconnectIntervalMs} ms)`;
        return violation(this.name, `the registry holds ${e.open} dial connections to ${e.node}; ${why}`, e);
      }
    }
    return null;
  },
};

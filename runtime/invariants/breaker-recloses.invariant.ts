// A half-open breaker settles (docs/behaviour.md §2 Circuit breaker): `closed` again after
// `breakerSuccessThreshold` successes in a row, `open` again on a failure. A worker that is
// `active` with its breaker half-open succeeds at every heartbeat (a failed one takes it out of
// `active`), so within that many intervals and one more (its first beat is staggered within
// one), plus the slack, its breaker logs a change. One that stays half-open meanwhile never
// half-opened for real: it opened, said so, and counts nothing. A paused worker beats nothing:
// it is judged again from its resume; a crash starts a new breaker, closed.
import type { LogEntry } from '../events/log-entry.ts';
import { violation, type Bounds, type Invariant, type Violation } from './invariant.ts';

interface NodeView {
  breaker: string;
  worker: string;
  paused: boolean;
  /** Since when the worker has been active with its breaker half-open, and the entry that half-opened it. */
  since: { t: number; entry: LogEntry } | null;
  halfOpened: LogEntry | null;
}

function nodesOf(e: LogEntry): string[] {
  if (typeof e.node === 'string') return [e.node];
  return Array.isArray(e.nodes) ? e.nodes : [];
}

/** Applies `e` to the view of a node it concerns. */
function see(view: NodeView, e: LogEntry): void {
  if (e.type === 'breaker' && typeof e.to === 'string') {
    view.breaker = e.to;
    view.halfOpened = e;
    view.since = null;
  } else if (e.type === 'worker' && typeof e.to === 'string') {
    view.worker = e.to;
    if (e.to === 'down') view.breaker = 'closed';
  } else if (e.type === 'fault.pause' || e.type === 'fault.resume') {
    view.paused = e.type === 'fault.pause';
    view.since = null;
  }
  const waiting = view.breaker === 'halfOpen' && view.worker === 'active' && !view.paused;
  if (!waiting) view.since = null;
  else view.since ??= { t: e.t, entry: view.halfOpened ?? e };
}

function overdue(name: string, node: string, view: NodeView, now: number, bounds: Bounds): Violation | null {
  const within = (bounds.breakerSuccessThreshold + 1) * bounds.heartbeatIntervalMs + bounds.slackMs;
  if (!view.since || now - view.since.t <= within) return null;
  return violation(name, `${node}'s breaker stayed half-open from ${view.since.t} ms to ${now} ms while its worker was active and beating: it neither closed after ${bounds.breakerSuccessThreshold} successes nor opened again within ${within} ms`, view.since.entry);
}

export const breakerRecloses: Invariant = {
  name: 'half-open-breaker-settles',
  check(entries, bounds) {
    const views = new Map<string, NodeView>();
    /** The nodes active with a half-open breaker: the only ones that can be late. */
    const waiting = new Map<string, NodeView>();
    const late = (now: number) => {
      for (const [node, view] of waiting) {
        const found = overdue(this.name, node, view, now, bounds);
        if (found) return found;
      }
      return null;
    };
    for (const e of entries) {
      const found = waiting.size > 0 ? late(e.t) : null;
      if (found) return found;
      for (const node of nodesOf(e)) {
        if (!views.has(node)) views.set(node, { breaker: 'closed', worker: 'down', paused: false, since: null, halfOpened: null });
        const view = views.get(node)!;
        see(view, e);
        if (view.since) waiting.set(node, view);
        else waiting.delete(node);
      }
    }
    return late(bounds.endMs);
  },
};

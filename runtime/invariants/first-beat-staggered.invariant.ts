// A worker staggers its first heartbeat randomly within one interval (docs/behaviour.md §1
// Heartbeats), so workers registering together do not beat together ever after. The simulator
// logs each registration's drawn delay (`worker.first-beat`, with the interval it was drawn in).
// Two checks: every delay lies within the interval (below it: a draw of [0, 1) times the
// interval), and a run with four or more registrations did not draw one delay for all of them.
// Delays are whole milliseconds drawn uniformly from at least a second, so four equal draws of a
// correct worker have a chance below one in 10^9 (1000^-3); the first check alone is certain.
import { violation, type Invariant } from './invariant.ts';
import type { LogEntry } from '../events/log-entry.ts';

/** Registrations it takes to tell a constant delay from a random one. */
const ENOUGH = 4;

interface FirstBeat {
  entry: LogEntry;
  delayMs: number;
  intervalMs: number;
}

function firstBeats(entries: readonly LogEntry[]): FirstBeat[] {
  const out: FirstBeat[] = [];
  for (const e of entries) {
    if (e.type === 'worker.first-beat' && typeof e.delayMs === 'number' && typeof e.intervalMs === 'number') out.push({ entry: e, delayMs: e.delayMs, intervalMs: e.intervalMs });
  }
  return out;
}

export const firstBeatStaggered: Invariant = {
  name: 'first-beat-staggered',
  check(entries) {
    const beats = firstBeats(entries);
    const outside = beats.find((b) => b.delayMs < 0 || b.delayMs >= b.intervalMs);
    if (outside) {
      const e = outside.entry;
      return violation(this.name, `${e.id ?? e.node} waits ${outside.delayMs} ms for its first heartbeat of epoch ${e.epoch}: not within its ${outside.intervalMs} ms interval`, e);
    }
    if (beats.length < ENOUGH || beats.some((b) => b.delayMs !== beats[0]!.delayMs)) return null;
    return violation(this.name, `all ${beats.length} registrations waited ${beats[0]!.delayMs} ms for their first heartbeat: nothing staggers them`, beats[ENOUGH - 1]!.entry);
  },
};

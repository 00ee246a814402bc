// One row of the failure-detection bench, from an event log (the simulator's or a real run's
// merged log, both in production milliseconds): crash → unhealthy and crash → failed, and the
// workers that were called unhealthy or failed without having crashed (false positives).
import type { LogEntry } from '../../runtime/events/log-entry.ts';
import { detection, type Spread } from '../../runtime/sim/summary.ts';

export interface Row {
  faults: string;
  crashes: number;
  toUnhealthy: Spread | null;
  toFailed: Spread | null;
  falseUnhealthy: number;
  falseFailed: number;
}

/** The row for the entries with `from` ≤ t < `to` (all of them by default). */
export function rowOf(faults: string, entries: readonly LogEntry[], from = 0, to = Infinity): Row {
  const crashed = new Set<string>();
  const falseUnhealthy = new Set<string>();
  const falseFailed = new Set<string>();
  const inWindow = entries.filter((e) => e.t >= from && e.t < to);
  for (const e of inWindow) {
    if (typeof e.id !== 'string') continue;
    if (e.type === 'fault.crash') crashed.add(e.id);
    else if (e.type === 'member' && !crashed.has(e.id)) {
      if (e.to === 'unhealthy') falseUnhealthy.add(e.id);
      if (e.to === 'failed') falseFailed.add(e.id);
    }
  }
  const { crashes, toUnhealthy, toFailed } = detection(inWindow);
  return { faults, crashes, toUnhealthy, toFailed, falseUnhealthy: falseUnhealthy.size, falseFailed: falseFailed.size };
}

/** `J±J` one way for each jitter J; a plain 20 ms for 0. */
export function latencyOf(jitter: string): { latency: string; jitter: string; label: string } {
  return jitter === '0ms' || jitter === '0'
    ? { latency: '20ms', jitter: '0ms', label: 'latency=20ms' }
    : { latency: jitter, jitter, label: `latency=${jitter}±${jitter}` };
}

const seconds = (ms: number, scale: number) => `${((ms * scale) / 1000).toFixed(scale < 1 ? 2 : 1)} s`;

/** A spread in seconds; with `scale` < 1, in real seconds (production ms × scale). */
export function formatSpread(x: Spread | null, scale = 1): string {
  if (!x) return '—';
  return `p50 ${seconds(x.p50Ms, scale)}, p99 ${seconds(x.p99Ms, scale)}, max ${seconds(x.maxMs, scale)} (${x.count})`;
}

export function printRows(rows: readonly Row[], scale = 1): void {
  for (const r of rows) {
    console.log(`  ${r.faults}`);
    if (r.crashes > 0) console.log(`    crashes ${r.crashes}; crash → unhealthy ${formatSpread(r.toUnhealthy, scale)}; crash → failed ${formatSpread(r.toFailed, scale)}`);
    console.log(`    false positives: ${r.falseUnhealthy} workers called unhealthy, ${r.falseFailed} failed, without crashing`);
  }
}

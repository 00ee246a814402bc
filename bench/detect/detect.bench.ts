// Failure detection in simulation: how long from a worker's crash until the registry calls it
// unhealthy and failed, and how many workers that never crashed were called unhealthy or failed
// (false positives) as the network's latency jitter grows.
//   npx node bench/detect/detect.bench.ts [--workers 1000] [--duration 1h] [--seed 1]
//     [--crash 5%] [--jitter 0ms,100ms,1s,5s] [--json]
// Simulation only; real mode is not measured here (see docs/performance.md).
import { parseCount, parseDuration } from '../../runtime/config/units.ts';
import { parseFaults } from '../../runtime/sim/fault-plan.ts';
import { runSimulation } from '../../runtime/sim/simulation.ts';
import type { Spread } from '../../runtime/sim/summary.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const workers = parseCount(arg('workers', '1000'), 1, 1_000_000, '--workers');
const durationMs = parseDuration(arg('duration', '1h'));
const seed = parseCount(arg('seed', '1'), 0, 2 ** 31 - 1, '--seed');
const crash = arg('crash', '5%');
const jitters = arg('jitter', '0ms,100ms,1s,5s').split(',');

interface Row { faults: string; crashes: number; toUnhealthy: Spread | null; toFailed: Spread | null; falseUnhealthy: number; falseFailed: number }

function run(faults: string): Row {
  const result = runSimulation({
    workers, durationMs, seed, faults: parseFaults(faults), jobsPerMinute: 0,
    keepLog: (type) => type === 'member' || type.startsWith('fault.'),
  });
  const crashed = new Set<string>();
  const falseUnhealthy = new Set<string>();
  const falseFailed = new Set<string>();
  for (const e of result.log.entries) {
    if (typeof e.id !== 'string') continue;
    if (e.type === 'fault.crash') crashed.add(e.id);
    else if (e.type === 'member' && !crashed.has(e.id)) {
      if (e.to === 'unhealthy') falseUnhealthy.add(e.id);
      if (e.to === 'failed') falseFailed.add(e.id);
    }
  }
  const { detection } = result.summary;
  return { faults, crashes: detection.crashes, toUnhealthy: detection.toUnhealthy, toFailed: detection.toFailed, falseUnhealthy: falseUnhealthy.size, falseFailed: falseFailed.size };
}

const rows: Row[] = [run(`crash=${crash}`)];
for (const jitter of jitters) rows.push(run(`latency=${jitter === '0ms' ? '20ms' : `${jitter}±${jitter}`}`));

if (process.argv.includes('--json')) console.log(JSON.stringify({ workers, durationMs, seed, rows }));
else {
  const s = (x: Spread | null) => (x ? `p50 ${(x.p50Ms / 1000).toFixed(1)} s, p99 ${(x.p99Ms / 1000).toFixed(1)} s, max ${(x.maxMs / 1000).toFixed(1)} s (${x.count})` : '—');
  console.log(`rollcall bench detect — ${workers} workers, ${durationMs / 60_000} virtual minutes, seed ${seed}`);
  for (const r of rows) {
    console.log(`  ${r.faults}`);
    if (r.crashes > 0) console.log(`    crashes ${r.crashes}; crash → unhealthy ${s(r.toUnhealthy)}; crash → failed ${s(r.toFailed)}`);
    console.log(`    false positives: ${r.falseUnhealthy} workers called unhealthy, ${r.falseFailed} failed, without crashing`);
  }
}

// Failure detection: how long from a worker's crash until the registry calls it unhealthy and
// failed, and how many workers that never crashed were called unhealthy or failed (false
// positives) as the network's latency jitter grows — in the simulator or with real processes.
//   npx node bench/detect/detect.bench.ts [--mode sim|real] [--workers N] [--crash P%]
//     [--jitter 0ms,100ms,1s,5s] [--json]
//   sim:  [--workers 1000] [--duration 1h] [--seed 1]        one virtual run per row
//   real: [--workers 24] [--duration 20m] [--scale 0.01]     one run of real processes, a phase
//         per jitter (each --duration of production time), then the crashes (detect-real.ts)
import { benchArgs } from '../support/bench-args.ts';
import { parseFaults } from '../../runtime/sim/fault-plan.ts';
import { runSimulation } from '../../runtime/sim/simulation.ts';
import { runRealDetect } from './detect-real.ts';
import { latencyOf, printRows, rowOf, type Row } from './detect-rows.ts';

const command = benchArgs(
  `usage: rollcall bench detect [--mode sim|real] [--workers N] [--crash P%] [--jitter 0ms,100ms,1s,5s] [--json]
  sim:  [--workers 1000] [--duration 1h] [--seed 1]     virtual time, one run per row
  real: [--workers 24] [--duration 20m] [--scale 0.01]  real processes behind rollcall proxy, a phase per jitter`,
  {
    mode: { type: 'string', default: 'sim' },
    workers: { type: 'string' },
    duration: { type: 'string' },
    crash: { type: 'string' },
    jitter: { type: 'string', default: '0ms,100ms,1s,5s' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '0.01' },
    json: { type: 'boolean', default: false },
  },
);
const { values } = command;
const mode = values.mode;
if (mode !== 'sim' && mode !== 'real') command.refuse(`--mode is sim or real, got "${mode}"`);
const json = values.json;
const workers = command.whole('workers', values.workers ?? (mode === 'sim' ? '1000' : '24'), 1, mode === 'sim' ? 1_000_000 : 200);
const durationMs = command.duration('duration', values.duration ?? (mode === 'sim' ? '1h' : '20m'));
const crash = values.crash ?? (mode === 'sim' ? '5%' : '25%');
const jitters = values.jitter.split(',');
for (const j of jitters) command.duration('jitter', j);

function simRow(faults: string, seed: number): Row {
  const result = runSimulation({
    workers, durationMs, seed, faults: parseFaults(faults), jobsPerMinute: 0,
    keepLog: (type) => type === 'member' || type.startsWith('fault.'),
  });
  return rowOf(faults, result.log.entries);
}

if (mode === 'sim') {
  const seed = command.whole('seed', values.seed, 0, 2 ** 31 - 1);
  const rows = [simRow(`crash=${crash}`, seed), ...jitters.map((j) => simRow(latencyOf(j).label, seed))];
  if (json) console.log(JSON.stringify({ mode, workers, durationMs, seed, rows }));
  else {
    console.log(`rollcall bench detect — simulation, ${workers} workers, ${durationMs / 60_000} virtual minutes, seed ${seed}`);
    printRows(rows);
  }
} else {
  const scale = Number(values.scale);
  const fraction = Number(crash.replace(/%$/, '')) / (crash.endsWith('%') ? 100 : 1);
  if (!(scale > 0 && scale <= 1)) command.refuse(`--scale must be in (0, 1], got "${values.scale}"`);
  if (!(fraction > 0 && fraction < 1)) command.refuse(`--crash must be a percentage between 0 and 100, got "${crash}"`);
  const result = await runRealDetect({ workers, crash: fraction, jitters, phaseMs: durationMs, scale, onProgress: json ? undefined : (t) => console.error(`  ${t}`) });
  const { registry, worker } = result.settings;
  const configured = { heartbeatIntervalMs: registry.heartbeatIntervalMs, unhealthyAfterMs: registry.unhealthyAfterMs, failedAfterMs: registry.failedAfterMs, deadlineResolutionMs: registry.deadlineResolutionMs, rpcTimeoutMs: worker.rpcTimeoutMs };
  if (json) console.log(JSON.stringify({ mode, workers, phaseMs: durationMs, scale, configuredRealMs: configured, rows: result.rows, failures: result.failures, wallMs: result.wallMs }));
  else {
    console.log(`rollcall bench detect — real processes, ${workers} workers, scale ${scale}, ${(result.wallMs / 1000).toFixed(0)} s wall`);
    console.log(`  configured (real ms): heartbeat every ${configured.heartbeatIntervalMs}, unhealthy after ${configured.unhealthyAfterMs}, failed ${configured.failedAfterMs} later, deadline wheel ${configured.deadlineResolutionMs}, worker RPC timeout ${configured.rpcTimeoutMs}`);
    console.log(`  expected: crash → unhealthy in ${(registry.unhealthyAfterMs - registry.heartbeatIntervalMs) / 1000}–${registry.unhealthyAfterMs / 1000} s, crash → failed in ${(registry.unhealthyAfterMs + registry.failedAfterMs - registry.heartbeatIntervalMs) / 1000}–${(registry.unhealthyAfterMs + registry.failedAfterMs) / 1000} s (real), plus the wheel's resolution`);
    printRows(result.rows, scale);
    for (const f of result.failures) console.log(`  ${f}`);
  }
}

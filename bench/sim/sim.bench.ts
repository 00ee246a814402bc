// Simulator throughput: 10,000 workers heartbeating every 30 s for one virtual hour, 5 % of
// them crashing. Prints wall time, simulated events per second and peak RSS.
//   npx node bench/sim/sim.bench.ts [--workers 10000] [--duration 1h] [--seed 1] [--json]
import { parseFaults } from '../../runtime/sim/fault-plan.ts';
import { runSimulation } from '../../runtime/sim/simulation.ts';
import { relaunchForWorkers } from '../../runtime/sim/young-generation.ts';
import { benchArgs } from '../support/bench-args.ts';

const command = benchArgs(
  `usage: rollcall bench sim [--workers 10000] [--duration 1h] [--seed 1] [--json]
  simulator throughput: wall time, simulated events per second and peak RSS`,
  {
    workers: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '1h' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
);
const workers = command.whole('workers', command.values.workers, 1, 1_000_000);
const durationMs = command.duration('duration', command.values.duration);
const seed = command.whole('seed', command.values.seed, 0, 2 ** 31 - 1);
relaunchForWorkers(workers);

let peakRss = process.memoryUsage.rss();
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const started = performance.now();
const result = runSimulation({
  workers,
  durationMs,
  seed,
  faults: parseFaults('crash=5%'),
  jobsPerMinute: 0,
  keepLog: (type) => type === 'member' || type.startsWith('fault.'),
  onProgress: sampleRss,
});
const wallMs = performance.now() - started;
sampleRss();
const { summary } = result;
// Every message delivered, plus the log's state changes, counts as one simulated event.
const events = summary.network.delivered + summary.log.lines;
const figures = {
  workers,
  virtualMs: durationMs,
  wallMs: Math.round(wallMs),
  heartbeats: summary.heartbeats,
  events,
  eventsPerSecond: Math.round(events / (wallMs / 1000)),
  heartbeatsPerSecond: Math.round(summary.heartbeats / (wallMs / 1000)),
  peakRssMb: Math.round(peakRss / 2 ** 20),
  speedup: Math.round(durationMs / wallMs),
  active: summary.members.byState.active,
  crashes: summary.detection.crashes,
};
if (command.values.json) console.log(JSON.stringify(figures));
else {
  console.log(`rollcall bench sim — ${workers} workers, ${durationMs / 60_000} virtual minutes, 5% crashes, seed ${seed}`);
  console.log(`  wall time        ${(wallMs / 1000).toFixed(2)} s (${figures.speedup}× real time)`);
  console.log(`  events           ${events} (${figures.eventsPerSecond}/s)`);
  console.log(`  heartbeats       ${summary.heartbeats} (${figures.heartbeatsPerSecond}/s)`);
  console.log(`  peak RSS         ${figures.peakRssMb} MB`);
}

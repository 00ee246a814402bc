// One simulation run: a registry and N worker nodes on virtual time, one seeded generator
// for every choice, a fault timeline drawn from the plan, a job load, and a JSONL log.
// The same options give the same log, byte for byte.
import { SeededRandom } from '../../machines/random.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { resolveWorkerConfig } from '../../machines/worker.config.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { EventLog } from '../events/event-log.ts';
import type { SimOptions, SimWorld } from './sim-world.ts';
import { timeFaults } from './fault-timeline.ts';
import { SimNetwork } from './sim-network.ts';
import { RegistryHost } from '../registry/registry-host.ts';
import { SeededChance } from '../../machines/random.ts';
import { nodeOf, SimDials } from './sim-dials.ts';
import type { SimWorker } from './sim-worker.ts';
import { buildWorkers } from './sim-workers.ts';
import { summarize, type SimSummary } from './summary.ts';

export type { SimOptions, SimWorld } from './sim-world.ts';

export interface SimResult {
  options: SimOptions;
  summary: SimSummary;
  logHash: string;
  log: EventLog;
  world: SimWorld;
}

/** Builds the simulated cluster without running it (scenarios drive it themselves). */
export function buildWorld(options: SimOptions): SimWorld {
  const clock = new VirtualClock();
  const random = new SeededRandom(options.seed);
  const log = new EventLog({ file: options.logFile, keep: options.keepLog ?? true });
  const store = new MemoryStore();
  const { latency, loss, duplicate } = options.faults;
  const network = new SimNetwork(clock, random, { meanMs: latency.meanMs, jitterMs: latency.jitterMs, loss, duplicate });
  const config = { ...defaultRegistryConfig, ...options.registryConfig };
  const byNode = new Map<string, SimWorker>();
  const rpcTimeoutMs = options.rpcTimeoutMs ?? 5000;
  const dials = new SimDials(network, (node) => byNode.get(node), config.dialTimeoutMs);
  const registry = new RegistryHost(config, {
    clock,
    store,
    events: log,
    chance: (incarnation) => new SeededChance(options.seed, 1000 + incarnation),
    dispatch: (member, task) => {
      const node = nodeOf(member);
      network.send(node, () => byNode.get(node)?.receiveTask(task));
    },
    dial: (member, done, signal) => dials.dial(member, done, signal),
  });
  registry.serviceTimeMs = options.faults.serviceTimeMs;
  const { workers, byNode: built } = buildWorkers(
    { seed: options.seed, workers: options.workers, nodes: options.nodes, capacity: options.capacity, workerConfig: options.workerConfig, rpcTimeoutMs },
    {
      clock,
      random,
      network,
      log,
      registry: { count: 1, serve: (_endpoint, handle, respond, drop) => registry.serve(handle, respond, drop) },
      acked: () => registry.heartbeats++,
    },
  );
  for (const [node, worker] of built) byNode.set(node, worker);
  const workerConfig = resolveWorkerConfig(options.workerConfig);
  return { registryConfig: config, workerConfig, rpcTimeoutMs, clock, random, network, dials, log, store, registry, workers, byNode };
}

function scheduleJobs(world: SimWorld, perMinute: number, durationMs: number): void {
  if (perMinute <= 0) return;
  const { clock, random, registry } = world;
  const gapMs = 60_000 / perMinute;
  let n = 0;
  const submit = () => {
    if (clock.now() >= durationMs) return;
    const runMs = random.int(5, 90) * 1000;
    const jobId = `job-${++n}`;
    // A client beside the registry: while the registry is down the submission is refused.
    registry.serve((core, now) => core.run({ kind: 'submitJob', spec: { jobId, kind: 'sleep', payload: `sleep:${runMs}`, timeoutMs: 120_000 } }, now), () => {});
    clock.setTimeout(submit, Math.max(1, Math.round(gapMs * (0.5 + random.next()))));
  };
  clock.setTimeout(submit, Math.round(gapMs));
}

export function runSimulation(options: SimOptions): SimResult {
  const world = buildWorld(options);
  const { clock, random, log, registry, workers } = world;
  log.write(0, 'sim.started', { seed: options.seed, workers: options.workers, durationMs: options.durationMs });
  registry.start();
  const bootWindow = options.bootWindowMs ?? 30_000;
  for (const worker of workers) clock.setTimeout(() => worker.boot(), random.int(0, bootWindow));
  timeFaults(world, options.faults, options.durationMs);
  scheduleJobs(world, options.jobsPerMinute ?? 0, options.durationMs);
  for (let t = 60_000; t < options.durationMs; t += 60_000) {
    clock.runUntil(t);
    options.onProgress?.(t);
  }
  clock.runUntil(options.durationMs);
  options.onProgress?.(options.durationMs);
  const summary = summarize(world, options);
  log.write(options.durationMs, 'sim.ended', {
    members: summary.members.total,
    active: summary.members.byState.active,
    jobsLost: summary.jobs.lost,
  });
  const logHash = log.close();
  return { options, summary: { ...summary, log: { lines: log.lines, sha256: logHash } }, logHash, log, world };
}

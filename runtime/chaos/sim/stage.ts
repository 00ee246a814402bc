// What a scenario acts on in the simulator: a single registry (runtime/sim/simulation.ts) or
// registry replicas on a modelled database (runtime/sim/cluster/). The script sees the same
// things either way: whoever serves now, virtual time passing, and the replicas' faults.
import type { CoreAccess } from '../../registry/core-turn.ts';
import type { VirtualClock } from '../../clock/virtual-clock.ts';
import type { RegistryHost } from '../../registry/registry-host.ts';
import { buildCluster, leaderOf, type SimCluster } from '../../sim/cluster/sim-cluster.ts';
import type { SimReplica } from '../../sim/cluster/sim-replica.ts';
import type { EventLog } from '../../events/event-log.ts';
import { emptyFaultPlan } from '../../sim/fault-plan.ts';
import type { SimDials } from '../../sim/sim-dials.ts';
import type { SimNetwork } from '../../sim/sim-network.ts';
import type { SimWorker } from '../../sim/sim-worker.ts';
import { buildWorld } from '../../sim/simulation.ts';
import type { RegistryConfig } from '../../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../../machines/worker.machine.ts';
import { ms, ScenarioError } from '../duration.ts';
import { HeartbeatSampler } from '../heartbeat-samples.ts';
import { replicaNames, workerSpecs, type Scenario } from '../scenario.ts';

/** How long a script waits, in virtual time, for a leader's change to become durable. */
const DURABLE_WITHIN_MS = 60_000;

export interface SimStage {
  clock: VirtualClock;
  network: SimNetwork;
  /** The registry's dial-ins and the connections they hold. */
  dials: SimDials;
  log: EventLog;
  byNode: Map<string, SimWorker>;
  registryConfig: RegistryConfig;
  workerConfig: WorkerConfig;
  rpcTimeoutMs: number;
  replicas: readonly string[];
  /** The registry that serves now, or null. */
  serving(): RegistryHost | null;
  /** Lets virtual time pass up to `untilMs`. */
  pass(untilMs: number): Promise<void>;
  /** Runs `handle` on the serving registry and waits until its changes are durable. */
  call<R>(handle: (core: CoreAccess, now: number) => R): Promise<R>;
  /** The single registry (replicas: a ScenarioError). */
  registry(): RegistryHost;
  replica(name: string): SimReplica;
  cluster: SimCluster | null;
  /** Entries for the end of the log (the database's members, with replicas). */
  finish(): void;
}

/** Samples of the serving registry's heartbeat count into the log, every heartbeat interval of virtual time. */
function heartbeatSampler(everyMs: number, log: EventLog, count: () => number | null): HeartbeatSampler {
  return new HeartbeatSampler(everyMs, count, (t, n) => log.write(t, 'heartbeats', { count: n }));
}

export function simStage(scenario: Scenario, seed: number, fence = true): SimStage {
  return replicaNames(scenario).length > 0 ? clusterStage(scenario, seed, fence) : singleStage(scenario, seed);
}

function singleStage(scenario: Scenario, seed: number): SimStage {
  const specs = workerSpecs(scenario);
  const world = buildWorld({
    workers: specs.length,
    nodes: specs.map((s) => ({ name: s.name, ...(s.capacity ? { capacity: s.capacity } : {}) })),
    durationMs: 0,
    seed,
    faults: emptyFaultPlan(),
    ...(scenario.registry ? { registryConfig: scenario.registry } : {}),
    ...(scenario.worker ? { workerConfig: scenario.worker } : {}),
  });
  world.log.write(0, 'sim.started', { seed, workers: specs.length, durationMs: 0 });
  world.registry.start();
  const serving = () => (world.registry.up ? world.registry : null);
  const sampler = heartbeatSampler(world.registryConfig.heartbeatIntervalMs, world.log, () => serving()?.core.heartbeatCount ?? null);
  return {
    ...world,
    replicas: [],
    serving,
    pass: async (untilMs) => sampler.passSync(untilMs, (t) => world.clock.runUntil(t)),
    call: async (handle) => {
      const host = serving();
      if (!host) throw new ScenarioError('the registry is down');
      return host.call(handle);
    },
    registry: () => world.registry,
    replica: () => {
      throw new ScenarioError('this scenario has a single registry: give it `replicas: 2` or more for replica faults');
    },
    cluster: null,
    finish: () => {},
  };
}

function clusterStage(scenario: Scenario, seed: number, fence: boolean): SimStage {
  const specs = workerSpecs(scenario);
  const cluster = buildCluster({
    seed,
    replicas: scenario.replicas!,
    nodes: specs.map((s) => ({ name: s.name, ...(s.capacity ? { capacity: s.capacity } : {}) })),
    registryConfig: scenario.registry,
    workerConfig: scenario.worker,
    fence,
    ...(scenario.lease ? { leaseTtlMs: ms(scenario.lease.ttl), leaseRenewMs: ms(scenario.lease.renew) } : {}),
  });
  const { clock, log } = cluster;
  log.write(0, 'sim.started', { seed, workers: specs.length, replicas: cluster.replicas.length, durationMs: 0 });
  for (const replica of cluster.replicas) replica.start();
  const serving = () => leaderOf(cluster)?.host ?? null;
  const sampler = heartbeatSampler(cluster.registryConfig.heartbeatIntervalMs, log, () => {
    const host = serving();
    return host?.up ? host.core.heartbeatCount : null;
  });
  const pass = (untilMs: number) => sampler.passSettled(untilMs, (t) => clock.runUntilSettled(t));
  const byName = new Map(cluster.replicas.map((r) => [r.name, r]));
  return {
    ...cluster,
    replicas: cluster.replicas.map((r) => r.name),
    serving,
    pass,
    call: async (handle) => {
      const host = serving();
      if (!host) throw new ScenarioError('no replica leads');
      const reply = host.call(handle);
      const durable = host.settled();
      if (!durable) return reply;
      const write = { outcome: 'waiting' as 'waiting' | 'durable' | 'failed' };
      durable.then(
        () => (write.outcome = 'durable'),
        () => (write.outcome = 'failed'),
      );
      const deadline = clock.now() + DURABLE_WITHIN_MS;
      while (write.outcome === 'waiting' && clock.now() < deadline) await pass(clock.now() + 10);
      if (write.outcome === 'failed') throw new ScenarioError('the leader could not make the change durable: its write was refused');
      if (write.outcome === 'waiting') throw new ScenarioError('the leader could not make the change durable: no answer from the database');
      return reply;
    },
    registry: () => {
      throw new ScenarioError('this scenario runs registry replicas: crash or restart one with crashReplica/restartReplica');
    },
    replica: (name) => {
      const found = byName.get(name);
      if (!found) throw new ScenarioError(`no replica named "${name}" (replicas: ${[...byName.keys()].join(', ')})`);
      return found;
    },
    cluster,
    finish: () => {
      const ids = cluster.db.store.load().members.map((m) => m.id);
      log.write(clock.now(), 'db.members', { ids });
    },
  };
}

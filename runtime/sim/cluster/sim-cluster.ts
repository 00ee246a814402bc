// A simulated scale-out cluster: N registry replicas (r1…rN) on one modelled PostgreSQL,
// electing a leader through its lease, and worker nodes that list every replica as an
// endpoint and fail over along the list. Everything runs on one virtual clock from one seed,
// so the same options replay the same log (the replicas await their database: drive the
// clock with `runUntilSettled`).
import { SeededRandom } from '../../../machines/random.ts';
import { defaultRegistryConfig, type RegistryConfig } from '../../../machines/registry/registry.config.ts';
import type { CoreAccess } from '../../registry/core-turn.ts';
import { resolveWorkerConfig } from '../../../machines/worker.config.ts';
import type { WorkerConfig } from '../../../machines/worker.machine.ts';
import { META_KEY } from '../../auth/tokens.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { EventLog } from '../../events/event-log.ts';
import { SimNetwork } from '../sim-network.ts';
import type { SimWorker } from '../sim-worker.ts';
import { buildWorkers, type NodeSpec } from '../sim-workers.ts';
import { nodeOf, SimDials } from '../sim-dials.ts';
import { SimDatabase } from './sim-database.ts';
import { SimReplica } from './sim-replica.ts';

export interface SimClusterOptions {
  seed: number;
  replicas: number;
  nodes: readonly NodeSpec[];
  registryConfig?: Partial<RegistryConfig> | undefined;
  workerConfig?: Partial<WorkerConfig> | undefined;
  /** The leader lease (production defaults: 10 s, renewed every 2 s). */
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  rpcTimeoutMs?: number;
  /** One way, worker ↔ replica (5 ms ± 2 ms). */
  latency?: { meanMs: number; jitterMs: number };
  /** One way, replica ↔ database (1 ms). */
  dbLatencyMs?: number;
  logFile?: string;
  /** False: the modelled database skips the fence (only to show that the scenarios would catch it). */
  fence?: boolean;
}

export interface SimCluster {
  registryConfig: RegistryConfig;
  workerConfig: WorkerConfig;
  rpcTimeoutMs: number;
  clock: VirtualClock;
  log: EventLog;
  network: SimNetwork;
  /** The replicas' dial-ins and the connections they hold. */
  dials: SimDials;
  db: SimDatabase;
  replicas: SimReplica[];
  workers: SimWorker[];
  byNode: Map<string, SimWorker>;
}

export function buildCluster(options: SimClusterOptions): SimCluster {
  if (!Number.isInteger(options.replicas) || options.replicas < 1) throw new Error(`a cluster needs at least one replica, got ${options.replicas}`);
  const clock = new VirtualClock();
  const random = new SeededRandom(options.seed);
  const log = new EventLog({ file: options.logFile });
  const latency = options.latency ?? { meanMs: 5, jitterMs: 2 };
  const network = new SimNetwork(clock, random, { ...latency, loss: 0, duplicate: 0 });
  const db = new SimDatabase(clock, (type, fields) => log.write(clock.now(), type, fields), { latencyMs: options.dbLatencyMs ?? 1, fence: options.fence ?? true });
  const registryConfig = { ...defaultRegistryConfig, ...options.registryConfig };
  const rpcTimeoutMs = options.rpcTimeoutMs ?? 5000;
  const byNode = new Map<string, SimWorker>();
  const dials = new SimDials(network, (node) => byNode.get(node), registryConfig.dialTimeoutMs);
  const replicas: SimReplica[] = [];
  for (let i = 1; i <= options.replicas; i++) {
    replicas.push(
      new SimReplica(`r${i}`, {
        clock,
        db,
        log,
        config: registryConfig,
        seed: options.seed,
        leaseTtlMs: options.leaseTtlMs ?? 10_000,
        leaseRenewMs: options.leaseRenewMs ?? 2_000,
        metaKeys: Object.values(META_KEY),
        dispatch: (member, task) => {
          const node = nodeOf(member);
          network.send(node, () => byNode.get(node)?.receiveTask(task));
        },
        dial: (member, done, signal) => dials.dial(member, done, signal),
      }),
    );
  }
  const { workers, byNode: built } = buildWorkers(
    { seed: options.seed, workers: options.nodes.length, nodes: options.nodes, workerConfig: options.workerConfig, rpcTimeoutMs },
    {
      clock,
      random,
      network,
      log,
      registry: { count: replicas.length, serve: (endpoint, handle, respond, drop, refuse) => replicas[endpoint]!.serve(handle, respond, drop, refuse) },
      acked: () => {},
    },
  );
  for (const [node, worker] of built) byNode.set(node, worker);
  return { registryConfig, workerConfig: resolveWorkerConfig(options.workerConfig), rpcTimeoutMs, clock, log, network, dials, db, replicas, workers, byNode };
}

/**
 * The replica that leads now: of those whose registry is up, the one with the newest epoch (a
 * paused ex-leader still believes it leads until it runs again and finds out).
 */
export function leaderOf(cluster: SimCluster): SimReplica | undefined {
  let best: SimReplica | undefined;
  for (const replica of cluster.replicas) {
    if (replica.process.paused || !replica.host?.up) continue;
    if (!best || (replica.epoch ?? 0) > (best.epoch ?? 0)) best = replica;
  }
  return best;
}

/** The leader's registry core, or null while no replica serves. */
export function leaderCore(cluster: SimCluster): CoreAccess | null {
  return leaderOf(cluster)?.host?.core ?? null;
}

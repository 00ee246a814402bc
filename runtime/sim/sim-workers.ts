// The worker nodes of a simulated cluster, whatever serves them (one registry, or replicas):
// node-1…node-N (or the names given), one shared worker machine, each on its own seed.
import type { ActorSystem } from 'xstate';
import type { SeededRandom } from '../../machines/random.ts';
import type { WorkerConfig } from '../../machines/worker.machine.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import type { EventLog } from '../events/event-log.ts';
import type { SimNetwork } from './sim-network.ts';
import { SimWorker } from './sim-worker.ts';
import type { SimEndpoints } from './sim-endpoints.ts';
import { simWorkerMachine } from './sim-worker-machine.ts';

export interface NodeSpec {
  name: string;
  capacity?: number;
}

export interface SimWorkersOptions {
  seed: number;
  workers: number;
  nodes?: readonly NodeSpec[] | undefined;
  capacity?: number | undefined;
  workerConfig?: Partial<WorkerConfig> | undefined;
  rpcTimeoutMs: number;
}

export interface SimWorkersPorts {
  clock: VirtualClock;
  random: SeededRandom;
  network: SimNetwork;
  log: EventLog;
  registry: SimEndpoints;
  /** Counts an acknowledged heartbeat. */
  acked(): void;
}

export function buildWorkers(options: SimWorkersOptions, ports: SimWorkersPorts): { workers: SimWorker[]; byNode: Map<string, SimWorker> } {
  const hosts = new WeakMap<ActorSystem<any>, SimWorker>();
  const machine = simWorkerMachine(hosts, ports.acked);
  const width = String(options.workers).length;
  const nodes: readonly NodeSpec[] = options.nodes ?? Array.from({ length: options.workers }, (_, i) => ({ name: `node-${String(i + 1).padStart(width, '0')}` }));
  const workers: SimWorker[] = [];
  const byNode = new Map<string, SimWorker>();
  for (const [i, spec] of nodes.entries()) {
    const worker = new SimWorker(spec.name, spec.capacity ?? options.capacity ?? 4, options.seed + i + 1, {
      clock: ports.clock,
      network: ports.network,
      log: ports.log,
      registry: ports.registry,
      random: ports.random,
      rpcTimeoutMs: options.rpcTimeoutMs,
      workerConfig: options.workerConfig ?? {},
      machine,
      hosts,
    });
    workers.push(worker);
    byNode.set(spec.name, worker);
  }
  return { workers, byNode };
}

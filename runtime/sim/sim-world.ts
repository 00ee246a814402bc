// What a simulation run is given (SimOptions) and what it builds (SimWorld): the virtual clock,
// the network, the registry host and the workers, which the fault timeline and the summary
// work on. Types only, apart from simulation.ts, so that neither has to import the run.
import type { SeededRandom } from '../../machines/random.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../machines/worker.machine.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import type { EventLog } from '../events/event-log.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { SimDials } from './sim-dials.ts';
import type { SimNetwork } from './sim-network.ts';
import type { SimWorker } from './sim-worker.ts';

export interface SimOptions {
  workers: number;
  durationMs: number;
  seed: number;
  faults: FaultPlan;
  /** Worker capacity (max concurrent jobs). */
  capacity?: number;
  /** Names and capacities of the nodes; by default node-1…node-N with `capacity`. */
  nodes?: readonly { name: string; capacity?: number }[];
  /** Jobs submitted per virtual minute. */
  jobsPerMinute?: number;
  registryConfig?: Partial<RegistryConfig>;
  workerConfig?: Partial<WorkerConfig>;
  rpcTimeoutMs?: number;
  /** Workers boot at random moments within this window. */
  bootWindowMs?: number;
  logFile?: string;
  /** Which log entries to keep in memory for checks (all by default; the summary needs faults and members). */
  keepLog?: boolean | ((type: string) => boolean);
  /** Called every virtual minute with the virtual time reached. */
  onProgress?: (virtualMs: number) => void;
}

export interface SimWorld {
  registryConfig: RegistryConfig;
  workerConfig: WorkerConfig;
  rpcTimeoutMs: number;
  clock: VirtualClock;
  random: SeededRandom;
  network: SimNetwork;
  /** The registry's dial-ins and the connections they hold. */
  dials: SimDials;
  log: EventLog;
  store: MemoryStore;
  registry: RegistryHost;
  workers: SimWorker[];
  byNode: Map<string, SimWorker>;
}

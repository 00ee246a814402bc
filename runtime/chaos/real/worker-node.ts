// One worker node of a real chaos cluster: its process, its links through the fault proxy, its
// state as last printed. The cluster (cluster.ts) keeps them; the workers' lifecycle
// (worker-processes.ts) starts and stops them.
import type { FaultProxy } from '../../proxy/fault-proxy.ts';
import type { RollcallChild } from './child-process.ts';
import type { WorkerSpec } from '../scenario.ts';

export interface RealNode {
  spec: WorkerSpec;
  /** The worker ID it asks for (its name) and, once registered, the one it holds. */
  id: string;
  child: RollcallChild | null;
  /** The last top-level state the process printed; `down` when it is not running. */
  state: string;
  /** Worker → registry gRPC: one link per registry (replica), in order. */
  links: FaultProxy[];
  /** Registry → worker agent, for attach-only workers: the address they are pre-registered under. */
  dial: FaultProxy | null;
  /** The worker's agent port (chosen for attach-only workers, printed by the others). */
  agentPort: number;
}

// The library face: the same runtime the `rollcall` command uses, for embedding a worker
// agent in an existing Node service, or a registry in a control plane of one's own.
export { startRegistry, type RegistryOptions, type RunningRegistry } from './registry/start-registry.ts';
export { startWorker, type WorkerOptions } from './worker/start-worker.ts';
export type { WorkerProcess, WorkerNote } from './worker/worker-process.ts';
export type { TaskContext, TaskHandler } from './worker/task-runner.ts';
export type { Task, MemberView, Stats } from '../machines/registry/registry.types.ts';
export type { RegistryConfig } from '../machines/registry/registry.config.ts';
export { runSimulation, type SimOptions, type SimResult } from './sim/simulation.ts';
export { parseFaults } from './sim/fault-plan.ts';

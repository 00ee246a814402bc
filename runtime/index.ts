// The library face (`import … from 'rollcall'`): a worker agent inside an existing Node service,
// or a registry in a control plane of one's own; the same runtime the `rollcall` command uses.
// This module stays small: the Node check runs first, and each of startRegistry / startWorker
// loads its half of the runtime when called, so an embedder pays only for the half it uses.
// The simulator, the chaos harness and the fault proxy are entries of their own: rollcall/sim,
// rollcall/chaos, rollcall/proxy.
import './package/node-guard.ts';
import type { RegistryOptions, RunningRegistry } from './registry/start-registry.ts';
import type { WorkerOptions } from './worker/start-worker.ts';
import type { WorkerProcess } from './worker/worker-process.ts';

export { WorkerRefusedError } from './worker/worker-refused-error.ts';
export { ApiError } from './http/api-error.ts';
export { MissingDependencyError } from './package/optional-dependency.ts';
export type { RegistryOptions, RunningRegistry, WorkerOptions, WorkerProcess };
export type { RegistryHandle, MemberChange, JobChange } from './registry/registry-handle.ts';
export type { WorkerNote } from './worker/worker-process.ts';
export type { TaskContext, TaskHandler } from './worker/task-runner.ts';
export type { Task, Job, JobSpec, JobState, MemberView, Stats } from '../machines/registry/registry.types.ts';
export type { MemberStateName } from '../machines/member.machine.ts';
export type { RegistryConfig } from '../machines/registry/registry.config.ts';
export type { TlsMaterial } from './tls/tls-files.ts';

/** Starts a registry: gRPC for workers, REST and the dashboard, members in SQLite or PostgreSQL. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const { startRegistry: start } = await import('./registry/start-registry.ts');
  return start(options);
}

/**
 * Starts a worker agent. It resolves once the agent listens; the worker then registers on its
 * own. If the registry refuses it for good, it stops and emits 'error' (a WorkerRefusedError).
 */
export async function startWorker(options: WorkerOptions): Promise<WorkerProcess> {
  const { startWorker: start } = await import('./worker/start-worker.ts');
  return start(options);
}

// What a worker says about itself in each heartbeat (docs/behaviour.md §1): its jobs, whether it is
// draining, the machine's load and its circuit breaker's state; and, when it registers, what
// the machine has.
import { freemem, loadavg, totalmem, cpus } from 'node:os';
import type { Resources } from '../../machines/registry/registry.types.ts';
import type { WorkerContext } from '../../machines/worker.machine.ts';
import type { HeartbeatStatus } from './heartbeat-loop.ts';

const MB = 1024 * 1024;

export function workerStatus(context: WorkerContext | undefined, state: string, errorCount: number): HeartbeatStatus {
  const running = context?.runningJobs ?? [];
  const total = totalmem();
  return {
    currentJobs: running.length,
    activeJobIds: running,
    draining: state === 'draining',
    cpuPercent: Math.min(100, Math.round((loadavg()[0]! / Math.max(1, cpus().length)) * 100)),
    memoryUsedMb: Math.round((total - freemem()) / MB),
    memoryTotalMb: Math.round(total / MB),
    errorCount,
    ...(context ? { breakerState: context.breakerState } : {}),
  };
}

/** The machine's cores and memory, sent with every registration (operators see them per member). */
export function machineResources(): Resources {
  return { cpuCores: cpus().length, memoryMb: Math.round(totalmem() / MB) };
}

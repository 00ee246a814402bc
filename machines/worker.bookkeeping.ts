// The worker machine's bookkeeping (worker.machine.ts assigns these): pure updates of its
// context from the event in hand — a registration adopted, the registry's interval, the next
// retry's backoff, the last error, the running jobs.
import { backoffDelayMs } from './backoff.ts';
import { nextRandom } from './random.ts';
import { failureOf, intervalFrom, jobIdOf } from './worker.events.ts';
import type { WorkerContext, WorkerEvent } from './worker.types.ts';

/** A registration succeeded: the new session, and a first heartbeat spread over the interval. */
export function registrationAdopted(context: WorkerContext, event: WorkerEvent): Partial<WorkerContext> {
  if (event.type !== 'register.succeeded') return context;
  const heartbeatIntervalMs = intervalFrom(context, event);
  const [value, rngState] = nextRandom(context.rngState);
  return {
    workerId: event.workerId,
    workerSecret: event.workerSecret ?? context.workerSecret,
    epoch: event.epoch,
    sessionToken: event.sessionToken,
    heartbeatIntervalMs,
    nextHeartbeatDelayMs: Math.floor(value * heartbeatIntervalMs),
    rngState,
    error: undefined,
  };
}

/** The registry's heartbeat interval, for the next beat and those after. */
export function intervalAdopted(context: WorkerContext, event: WorkerEvent): Partial<WorkerContext> {
  const heartbeatIntervalMs = intervalFrom(context, event);
  return { heartbeatIntervalMs, nextHeartbeatDelayMs: heartbeatIntervalMs };
}

/** One more failed attempt: the backoff before the next, never before the registry's retry-after. */
export function retryScheduled(context: WorkerContext, event: WorkerEvent): Partial<WorkerContext> {
  const attempt = context.attempt + 1;
  const floorMs = failureOf(event)?.retryAfterMs ?? 0;
  const [retryDelayMs, rngState] = backoffDelayMs(context.config, attempt, context.rngState, floorMs);
  return { attempt, retryDelayMs, rngState };
}

/** The error a failure carries, or the one kept before. */
export function errorOf(context: WorkerContext, event: WorkerEvent): WorkerContext['error'] {
  const failure = failureOf(event);
  return failure ? { code: failure.code, message: failure.message } : context.error;
}

export function jobAdded(context: WorkerContext, event: WorkerEvent): string[] {
  return [...context.runningJobs, jobIdOf(event) ?? ''];
}

export function jobRemoved(context: WorkerContext, event: WorkerEvent): string[] {
  return context.runningJobs.filter((id) => id !== jobIdOf(event));
}

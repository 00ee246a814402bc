// Pure readers of worker events and context, shared by the machine's actions, guards and inputs.
import { isRetriable, meansReRegister } from './rpc-code.ts';
import type { HeartbeatLoopInput, RpcFailedEvent, WorkerContext, WorkerEvent } from './worker.types.ts';

export function failureOf(event: WorkerEvent): RpcFailedEvent | undefined {
  return 'code' in event ? event : undefined;
}

export function jobIdOf(event: WorkerEvent): string | undefined {
  return 'jobId' in event ? event.jobId : undefined;
}

/** The registry's interval, unless it sent nothing usable. */
export function intervalFrom(context: WorkerContext, event: WorkerEvent): number {
  const ms = 'heartbeatIntervalMs' in event ? event.heartbeatIntervalMs : 0;
  return ms > 0 ? ms : context.heartbeatIntervalMs;
}

/** A failure with a code worth retrying (these also count against the breaker). */
export function failedRetriably(event: WorkerEvent): boolean {
  const failure = failureOf(event);
  return failure !== undefined && isRetriable(failure.code);
}

/** A heartbeat refused because another process opened a newer session of this worker's ID. */
export function failedSuperseded(event: WorkerEvent): boolean {
  return event.type === 'heartbeat.failed' && event.reason === 'superseded';
}

/** A failure by which the registry says the session is gone. */
export function failedWithReRegister(event: WorkerEvent): boolean {
  const failure = failureOf(event);
  return failure !== undefined && meansReRegister(failure.code);
}

/** What the `heartbeats` loop needs to beat for the current session. */
export function heartbeatLoop(
  context: WorkerContext,
  mode: HeartbeatLoopInput['mode'],
  firstDelayMs: number,
  reportAcks: boolean,
): HeartbeatLoopInput {
  const { workerId = '', epoch, sessionToken = '', heartbeatIntervalMs: intervalMs } = context;
  return { workerId, epoch, sessionToken, firstDelayMs, intervalMs, mode, reportAcks };
}

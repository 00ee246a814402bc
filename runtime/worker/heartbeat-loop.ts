// The worker's heartbeat loop, the same in every world: the `heartbeats` actor the worker
// machine invokes while active or draining. It beats on a Clock through a transport (the
// simulated network, a gRPC stream, unary gRPC calls) and reports to the machine only what it
// must decide on: failures, instructions, a new interval, or every ack while the breaker is
// still counting successes. A steady ack costs no machine transition.
import type { HeartbeatLoopEvent, HeartbeatLoopInput } from '../../machines/worker.machine.ts';
import { isRetriable } from '../../machines/rpc-code.ts';
import type { HeartbeatReply, HeartbeatRequest } from '../../machines/registry/registry.types.ts';
import type { Clock, TimerId } from '../clock/clock.ts';
import type { RpcResult } from '../grpc/registry-connection.ts';

export type HeartbeatStatus = Omit<HeartbeatRequest, 'workerId' | 'epoch' | 'sessionToken'>;

/** Carries one heartbeat and calls `done` exactly once with its outcome. */
export interface BeatTransport {
  beat(request: HeartbeatRequest, done: (result: RpcResult<HeartbeatReply>) => void): void;
  close(): void;
}

export interface HeartbeatLoop {
  receive(event: HeartbeatLoopEvent): void;
  stop(): void;
}

export type LoopReport =
  | { type: 'heartbeat.acked'; instruction: HeartbeatReply['instruction']; heartbeatIntervalMs: number }
  | { type: 'heartbeat.failed'; code: Extract<RpcResult<never>, { ok: false }>['code']; message: string; retryAfterMs?: number; reason?: string };

export function startHeartbeatLoop(
  clock: Clock,
  input: HeartbeatLoopInput,
  status: () => HeartbeatStatus,
  transport: BeatTransport,
  sendBack: (report: LoopReport) => void,
  acked: () => void = () => {},
): HeartbeatLoop {
  let intervalMs = input.intervalMs;
  let reportAcks = input.reportAcks;
  let stopped = false;
  let timer: TimerId | null = null;
  const next = (delayMs: number) => {
    timer = clock.setTimeout(beat, delayMs);
  };
  const settle = (result: RpcResult<HeartbeatReply>) => {
    if (stopped) return;
    if (!result.ok) {
      const failure: LoopReport = { type: 'heartbeat.failed', code: result.code, message: result.message };
      if (result.retryAfterMs !== undefined && isRetriable(result.code)) failure.retryAfterMs = result.retryAfterMs;
      if (result.reason) failure.reason = result.reason;
      sendBack(failure);
      if (input.mode === 'draining') next(intervalMs);
      return;
    }
    acked();
    const reply = result.value;
    const changed = reply.heartbeatIntervalMs > 0 && reply.heartbeatIntervalMs !== intervalMs;
    if (changed) intervalMs = reply.heartbeatIntervalMs;
    if (reply.instruction !== 'none' || changed || reportAcks) {
      sendBack({ type: 'heartbeat.acked', instruction: reply.instruction, heartbeatIntervalMs: intervalMs });
    }
    next(intervalMs);
  };
  const beat = () => {
    timer = null;
    transport.beat({ workerId: input.workerId, epoch: input.epoch, sessionToken: input.sessionToken, ...status() }, settle);
  };
  next(input.firstDelayMs);
  return {
    receive(event) {
      if (event.type === 'acks.quiet') reportAcks = false;
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      transport.close();
    },
  };
}

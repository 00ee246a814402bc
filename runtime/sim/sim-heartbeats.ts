// The heartbeat loop of a simulated worker: the `heartbeats` actor the worker machine invokes
// while active or draining. A steady ack costs no machine transition; the loop reports only
// what the machine must decide on (failures, instructions, a new interval, or every ack while
// the breaker still counts successes).
import { fromCallback, type ActorSystem } from 'xstate';
import { rpcCodeOf } from '../../machines/registry/error-codes.ts';
import type { HeartbeatReply, HeartbeatRequest, Outcome } from '../../machines/registry/registry.types.ts';
import type { Registry } from '../../machines/registry/registry.ts';
import type { HeartbeatLoopEvent, HeartbeatLoopInput } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import type { CallResult } from './sim-network.ts';

/** What the loop needs from its node, found through the actor system it runs in. */
export interface HeartbeatPort {
  clock: Clock;
  /** What the worker reports about itself right now. */
  status(system: ActorSystem<any>): Pick<HeartbeatRequest, 'currentJobs' | 'activeJobIds' | 'draining'>;
  call(
    system: ActorSystem<any>,
    handle: (core: Registry, now: number) => Outcome<HeartbeatReply>,
    done: (result: CallResult<Outcome<HeartbeatReply>>) => void,
  ): void;
  acked(): void;
}

export function simHeartbeats(port: HeartbeatPort) {
  return fromCallback<HeartbeatLoopEvent, HeartbeatLoopInput>(({ input, sendBack, receive, system }) => {
    let intervalMs = input.intervalMs;
    let reportAcks = input.reportAcks;
    let stopped = false;
    let timer: number | null = null;
    receive((event) => {
      if (event.type === 'acks.quiet') reportAcks = false;
    });
    const next = (delayMs: number) => {
      timer = port.clock.setTimeout(beat, delayMs);
    };
    const beat = () => {
      timer = null;
      const request: HeartbeatRequest = {
        workerId: input.workerId,
        epoch: input.epoch,
        sessionToken: input.sessionToken,
        ...port.status(system),
      };
      port.call(
        system,
        (core, now) => core.heartbeat(request, now),
        (result) => {
          if (stopped) return;
          const reply = result.ok ? result.reply : null;
          if (!reply || !reply.ok) {
            const code = reply ? rpcCodeOf(reply.code) : 'DEADLINE_EXCEEDED';
            sendBack({ type: 'heartbeat.failed', code, message: reply ? reply.message : 'heartbeat timed out' });
            if (input.mode === 'draining') next(intervalMs);
            return;
          }
          port.acked();
          const changed = reply.heartbeatIntervalMs > 0 && reply.heartbeatIntervalMs !== intervalMs;
          if (changed) intervalMs = reply.heartbeatIntervalMs;
          if (reply.instruction !== 'none' || changed || reportAcks) {
            sendBack({ type: 'heartbeat.acked', instruction: reply.instruction, heartbeatIntervalMs: intervalMs });
          }
          next(intervalMs);
        },
      );
    };
    next(input.firstDelayMs);
    return () => {
      stopped = true;
      if (timer !== null) port.clock.clearTimeout(timer);
    };
  });
}

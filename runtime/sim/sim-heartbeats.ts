// The heartbeat loop of a simulated worker: the shared loop (`runtime/worker/heartbeat-loop.ts`)
// beating over the simulated network to the simulated registry.
import { fromCallback, type ActorSystem } from 'xstate';
import { rpcCodeOf } from '../../machines/registry/error-codes.ts';
import type { HeartbeatReply, Outcome } from '../../machines/registry/registry.types.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { HeartbeatLoopEvent, HeartbeatLoopInput } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import { startHeartbeatLoop, type HeartbeatStatus } from '../worker/heartbeat-loop.ts';
import type { RpcResult } from '../grpc/registry-connection.ts';
import type { CallResult } from './sim-network.ts';

/** The node a loop beats for. */
export interface HeartbeatNode {
  /** The node's clock (its timers wait while the node is paused). */
  readonly clock: Clock;
  /** What the worker reports about itself right now. */
  status(): HeartbeatStatus;
  call(handle: (core: CoreAccess, now: number) => Outcome<HeartbeatReply>, done: (result: CallResult<Outcome<HeartbeatReply>>) => void): void;
}

/** What the loop needs: its node, found once through the actor system it runs in. */
export interface HeartbeatPort {
  node(system: ActorSystem<any>): HeartbeatNode;
  acked(): void;
}

/** A simulated call's outcome in the shape every runtime reports. */
export function rpcResultOf<R>(result: CallResult<Outcome<R>>, what: string): RpcResult<R> {
  if (!result.ok) return { ok: false, code: result.code, message: `${what} timed out` };
  const reply = result.reply;
  if (!reply.ok) return { ok: false, code: rpcCodeOf(reply.code), message: reply.message, retryAfterMs: reply.retryAfterMs };
  return { ok: true, value: reply as R };
}

export function simHeartbeats(port: HeartbeatPort) {
  return fromCallback<HeartbeatLoopEvent, HeartbeatLoopInput>(({ input, sendBack, receive, system }) => {
    const node = port.node(system);
    const loop = startHeartbeatLoop(
      node.clock,
      input,
      () => node.status(),
      {
        beat: (request, done) => node.call((core, now) => core.run({ kind: 'heartbeat', request: request }, now), (r) => done(rpcResultOf(r, 'heartbeat'))),
        close: () => {},
      },
      sendBack,
      port.acked,
    );
    receive((event) => loop.receive(event));
    return () => loop.stop();
  });
}

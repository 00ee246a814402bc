// The worker machine with the simulator's effects: RPCs over the simulated network, tasks on
// virtual time, identity on the node's disk. Built once per simulation and shared by every
// node (providing a machine per node costs more than the node's whole hour of heartbeats);
// each effect finds its node through the actor system it runs in.
import type { ActorSystem } from 'xstate';
import type { Outcome } from '../../machines/registry/registry.types.ts';
import { workerMachine, type WorkerContext, type WorkerEvent } from '../../machines/worker.machine.ts';
import type { CallResult } from './sim-network.ts';
import { rpcResultOf, simHeartbeats } from './sim-heartbeats.ts';
import type { SimWorker } from './sim-worker.ts';

function session(context: WorkerContext) {
  return { workerId: context.workerId ?? '', epoch: context.epoch, sessionToken: context.sessionToken ?? '' };
}

type FailedType = 'register.failed' | 'heartbeat.failed' | 'deregister.failed';

/** Turns an RPC outcome into the machine's success or failure event; a failure's retry-after is noted first, for the retry it causes. */
function outcome<R extends object>(
  node: SimWorker,
  failed: FailedType,
  succeeded: (reply: R) => WorkerEvent,
): (result: CallResult<Outcome<R>>) => void {
  const send = node.sender();
  return (result) => {
    const r = rpcResultOf(result, failed.split('.')[0]!);
    if (r.ok) return send(succeeded(r.value));
    node.failedWith(r.retryAfterMs);
    send({ type: failed, code: r.code, message: r.message, retryAfterMs: r.retryAfterMs });
  };
}

export function simWorkerMachine(hosts: WeakMap<ActorSystem<any>, SimWorker>, countAck: () => void): typeof workerMachine {
  const host = (system: ActorSystem<any>) => hosts.get(system)!;
  return workerMachine.provide({
    actors: {
      heartbeats: simHeartbeats({
        node: host,
        acked: countAck,
      }),
    },
    actions: {
      sendRegister: ({ context, system }) => {
        const node = host(system);
        const request = { workerId: context.workerId, workerSecret: context.workerSecret, name: context.name, address: node.address, maxConcurrentJobs: context.maxConcurrentJobs };
        node.call(
          (core, now) => core.run({ kind: 'register', request: request }, now),
          outcome(node, 'register.failed', (r) => ({ type: 'register.succeeded', ...r })),
        );
      },
      persistIdentity: ({ context, system }) => host(system).persist(context),
      sendHeartbeat: ({ context, system }) => {
        const node = host(system);
        const request = { ...session(context), ...node.status() };
        node.call(
          (core, now) => core.run({ kind: 'heartbeat', request: request }, now),
          outcome(node, 'heartbeat.failed', (r) => {
            countAck();
            return { type: 'heartbeat.acked', instruction: r.instruction, heartbeatIntervalMs: r.heartbeatIntervalMs };
          }),
        );
      },
      sendDeregister: ({ context, system }) => {
        const node = host(system);
        const request = { ...session(context), force: true, reason: 'shutdown' };
        node.call(
          (core, now) => core.run({ kind: 'deregister', request: request }, now),
          outcome(node, 'deregister.failed', () => ({ type: 'deregister.succeeded' })),
        );
      },
      startTask: ({ event, system }) => {
        if (event.type === 'task.assigned') host(system).tasks.run(event.jobId);
      },
      breakerChanged: ({ event, system }) => {
        if (event.type === 'breaker.changed') host(system).breakerChanged(event.state);
      },
      reportTask: ({ context, event, system }) => {
        if (event.type === 'task.finished') host(system).tasks.finish(context, event.jobId, event.ok);
      },
    },
  });
}

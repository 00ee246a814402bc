// The worker machine with production's effects: RPCs over a RegistryConnection, identity in
// the state dir, tasks run by the TaskRunner, heartbeats on a stream or unary calls. Results
// come back to the machine as events, as in the simulator; only the transport differs.
import { fromCallback } from 'xstate';
import type { Resources, Task } from '../../machines/registry/registry.types.ts';
import { workerMachine, type HeartbeatLoopEvent, type HeartbeatLoopInput, type WorkerContext, type WorkerEvent } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import { movesOn, type RegistryConnection, type RpcResult } from '../grpc/registry-connection.ts';
import { streamBeats, unaryBeats } from './beat-transports.ts';
import { startHeartbeatLoop, type BeatTransport, type HeartbeatStatus } from './heartbeat-loop.ts';
import type { StateDir, WorkerState } from './state-dir.ts';
import type { TaskRunner } from './task-runner.ts';

export interface WorkerEffectPorts {
  clock: Clock;
  /** The current connection to the registry; null until a registry is known. */
  connection(): RegistryConnection | null;
  /** This worker's agent address, so the registry can dial it. */
  address: string;
  /** This process among all that may hold the worker's identity (random per start). */
  instance: string;
  /** The worker's name is the one it made up (no --name): it must not replace a name given to its member. */
  defaultName: boolean;
  capabilities?: Record<string, string>;
  labels?: Record<string, string>;
  resources?: Resources;
  stateDir: StateDir;
  state: WorkerState;
  runner: TaskRunner;
  tasks: Map<string, Task>;
  heartbeatMode: 'stream' | 'unary';
  rpcTimeoutMs: number;
  send(event: WorkerEvent): void;
  status(): HeartbeatStatus;
  note(event: string, fields?: Record<string, unknown>): void;
  /** Wraps each heartbeat transport (the worker's metrics count and time the beats); none when absent. */
  instrumentBeats?(transport: BeatTransport): BeatTransport;
}

type FailedType = 'register.failed' | 'heartbeat.failed' | 'deregister.failed';

function session(context: WorkerContext) {
  return { workerId: context.workerId ?? '', epoch: context.epoch, sessionToken: context.sessionToken ?? '' };
}

const noConnection: RpcResult<never> = { ok: false, code: 'UNAVAILABLE', message: 'no registry is known yet' };

export function workerEffects(ports: WorkerEffectPorts): typeof workerMachine {
  return workerMachine.provide({
    actors: { heartbeats: heartbeatActor(ports) },
    actions: {
      ...callActions(ports),
      ...taskActions(ports),
      announceDraining: () => ports.note('worker.draining'),
      reportFatal: ({ context }) => ports.note('worker.fatal', { code: context.error?.code, message: context.error?.message }),
      breakerChanged: ({ event }) => {
        if (event.type === 'breaker.changed') ports.note('breaker.changed', { state: event.state });
      },
      notifyStopped: () => ports.note('worker.stopped'),
    },
  });
}

/** Runs a call and turns its outcome into the machine's success or failure event. */
function rpc<R>(ports: WorkerEffectPorts, call: (c: RegistryConnection) => Promise<RpcResult<R>>, failed: FailedType, succeeded: (value: R) => WorkerEvent): void {
  const connection = ports.connection();
  const outcome = connection ? call(connection).catch((e: unknown): RpcResult<R> => ({ ok: false, code: 'UNAVAILABLE', message: String(e) })) : Promise.resolve(noConnection);
  void outcome.then((result) => {
    if (result.ok) return ports.send(succeeded(result.value));
    if (connection && movesOn(result.code, connection.endpointCount)) ports.note('registry.unreachable', { endpoint: connection.endpoint, next: connection.failover(), why: result.message });
    // The machine waits at least this long before it tries again (a lock-out, a rate limit): say so, and until when.
    if (failed === 'register.failed' && result.retryAfterMs) ports.note('registration.waiting', { until: new Date(ports.clock.now() + result.retryAfterMs).toISOString(), why: result.message });
    ports.send({ type: failed, code: result.code, message: result.message, retryAfterMs: result.retryAfterMs, ...(result.reason ? { reason: result.reason } : {}) });
  });
}

/** Reports a task's result, trying again a second later while the registry might still take it. */
function report(ports: WorkerEffectPorts, context: WorkerContext, task: Task, ok: boolean, result: string, triesLeft: number): void {
  const connection = ports.connection();
  if (!connection) return;
  const request = { ...session(context), jobId: task.jobId, attempt: task.attempt, ok, result };
  void connection.reportTask(request).then((r) => {
    if (r.ok || triesLeft <= 1 || r.code === 'FAILED_PRECONDITION' || r.code === 'NOT_FOUND') {
      if (!r.ok) ports.note('task.report.dropped', { jobId: task.jobId, code: r.code, message: r.message });
      return;
    }
    ports.clock.setTimeout(() => report(ports, context, task, ok, result, triesLeft - 1), 1000);
  });
}

/** The heartbeat loop on a stream or unary calls (none answered until a registry is known). */
function heartbeatActor(ports: WorkerEffectPorts) {
  return fromCallback<HeartbeatLoopEvent, HeartbeatLoopInput>(({ input, sendBack, receive }) => {
    const connection = ports.connection();
    const transport = !connection
      ? { beat: (_r: unknown, done: (r: RpcResult<never>) => void) => done(noConnection), close: () => {} }
      : ports.heartbeatMode === 'stream'
        ? streamBeats(connection, ports.clock, ports.rpcTimeoutMs)
        : unaryBeats(connection);
    const loop = startHeartbeatLoop(ports.clock, input, ports.status, ports.instrumentBeats?.(transport) ?? transport, sendBack);
    receive((event) => loop.receive(event));
    return () => loop.stop();
  });
}

/** Register, heartbeat and deregister calls, and keeping the identity registration gave. */
function callActions(ports: WorkerEffectPorts) {
  return {
    sendRegister: ({ context }: { context: WorkerContext }) =>
      rpc(
        ports,
        (c) =>
          c.register({
            workerId: context.workerId,
            workerSecret: context.workerSecret,
            instance: ports.instance,
            name: context.name,
            ...(ports.defaultName ? { defaultName: true } : {}),
            address: ports.address,
            maxConcurrentJobs: context.maxConcurrentJobs,
            ...(ports.capabilities ? { capabilities: ports.capabilities } : {}),
            ...(ports.labels ? { labels: ports.labels } : {}),
            ...(ports.resources ? { resources: ports.resources } : {}),
          }),
        'register.failed',
        (r) => ({ type: 'register.succeeded', ...r }),
      ),
    persistIdentity: ({ context }: { context: WorkerContext }) => {
      ports.state.workerId = context.workerId;
      if (context.workerSecret) ports.state.workerSecret = context.workerSecret;
      ports.stateDir.save(ports.state);
    },
    sendHeartbeat: ({ context }: { context: WorkerContext }) =>
      rpc(
        ports,
        (c) => c.heartbeat({ ...session(context), ...ports.status() }),
        'heartbeat.failed',
        (r) => ({ type: 'heartbeat.acked', instruction: r.instruction, heartbeatIntervalMs: r.heartbeatIntervalMs }),
      ),
    sendDeregister: ({ context }: { context: WorkerContext }) =>
      rpc(ports, (c) => c.deregister({ ...session(context), force: true, reason: 'shutdown' }), 'deregister.failed', () => ({ type: 'deregister.succeeded' })),
  };
}

/** Running assigned tasks and reporting what they finished with. */
function taskActions(ports: WorkerEffectPorts) {
  /** Task results waiting for the machine's `task.finished` to be reported. */
  const results = new Map<string, string>();
  return {
    startTask: ({ event }: { event: WorkerEvent }) => {
      if (event.type !== 'task.assigned') return;
      const task = ports.tasks.get(event.jobId);
      if (!task) return;
      ports.runner.run(task, (outcome) => {
        ports.note('task.finished', { jobId: outcome.jobId, ok: outcome.ok });
        results.set(outcome.jobId, outcome.result);
        ports.send({ type: 'task.finished', jobId: outcome.jobId, ok: outcome.ok });
      });
    },
    rejectTask: ({ event }: { event: WorkerEvent }) => {
      if (event.type === 'task.assigned') ports.tasks.delete(event.jobId);
    },
    reportTask: ({ context, event }: { context: WorkerContext; event: WorkerEvent }) => {
      if (event.type !== 'task.finished') return;
      const task = ports.tasks.get(event.jobId);
      ports.tasks.delete(event.jobId);
      const result = results.get(event.jobId) ?? '';
      results.delete(event.jobId);
      if (task) report(ports, context, task, event.ok, result, 5);
    },
  };
}

// Starts a worker actor on a virtual clock and records every named effect it runs.
import { createActor } from 'xstate';
import { workerMachine, type WorkerConfig, type WorkerContext, type WorkerEvent, type WorkerInput } from '../../machines/worker.machine.ts';
import { VirtualClock } from '../../runtime/clock/virtual-clock.ts';

export const effectNames = [
  'sendRegister',
  'sendHeartbeat',
  'sendDeregister',
  'persistIdentity',
  'startTask',
  'rejectTask',
  'reportTask',
  'announceDraining',
  'reportFatal',
  'notifyStopped',
  'breakerChanged',
] as const;
export type EffectName = (typeof effectNames)[number];

export interface EffectCall {
  name: EffectName;
  atMs: number;
  event: WorkerEvent;
  context: WorkerContext;
}

export interface HarnessOptions {
  input?: Partial<WorkerInput>;
  config?: Partial<WorkerConfig>;
}

export function startWorker(options: HarnessOptions = {}) {
  const clock = new VirtualClock();
  const calls: EffectCall[] = [];
  const record = (name: EffectName) => ({ context, event }: { context: WorkerContext; event: WorkerEvent }) => {
    calls.push({ name, atMs: clock.now(), event, context });
  };
  const actions = Object.fromEntries(effectNames.map((name) => [name, record(name)]));
  const input: WorkerInput = {
    name: 'worker-a',
    maxConcurrentJobs: 2,
    registryKnown: true,
    seed: 1,
    ...options.input,
    config: { ...options.input?.config, ...options.config },
  };
  const actor = createActor(workerMachine.provide({ actions }), { clock, input });
  actor.start();

  const send = (event: WorkerEvent) => actor.send(event);
  const snapshot = () => actor.getSnapshot();
  return {
    actor,
    clock,
    calls,
    send,
    snapshot,
    ctx: () => snapshot().context,
    value: () => snapshot().value,
    matches: (state: string) => snapshot().matches(state as never),
    /** Calls of one effect, in order. */
    callsOf: (name: EffectName) => calls.filter((call) => call.name === name),
    count: (name: EffectName) => calls.filter((call) => call.name === name).length,
    breaker: () => {
      const child = snapshot().children.breaker;
      if (!child) throw new Error('the worker has no breaker child');
      return child.getSnapshot();
    },
  };
}

export type Harness = ReturnType<typeof startWorker>;

export function registered(overrides: Partial<Extract<WorkerEvent, { type: 'register.succeeded' }>> = {}): WorkerEvent {
  return {
    type: 'register.succeeded',
    workerId: 'w-1',
    workerSecret: 'secret-1',
    epoch: 1,
    sessionToken: 'token-1',
    heartbeatIntervalMs: 10_000,
    reRegistered: false,
    ...overrides,
  };
}

export const acked = (instruction: 'none' | 'reRegister' | 'drain' = 'none', heartbeatIntervalMs = 10_000): WorkerEvent => ({
  type: 'heartbeat.acked',
  instruction,
  heartbeatIntervalMs,
});

/** Starts, registers, and runs the clock up to the first heartbeat (left in `active.beating`). */
export function activeWorker(options: HarnessOptions = {}): Harness {
  const w = startWorker(options);
  w.send({ type: 'worker.start' });
  w.send(registered());
  w.clock.advance(w.ctx().nextHeartbeatDelayMs);
  return w;
}

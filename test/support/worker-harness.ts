// Starts a worker actor on a virtual clock, records every named effect it runs, and stands in
// for the runtime's `heartbeats` loop with a fake the test drives by hand.
import { createActor, fromCallback } from 'xstate';
import {
  workerMachine,
  type HeartbeatLoopEvent,
  type HeartbeatLoopInput,
  type WorkerConfig,
  type WorkerContext,
  type WorkerEvent,
  type WorkerInput,
} from '../../machines/worker.machine.ts';
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

/** One run of the fake `heartbeats` loop: it beats nothing; the test reports for it. */
export interface LoopRun {
  input: HeartbeatLoopInput;
  startedAtMs: number;
  /** Events the machine sent to the loop. */
  received: HeartbeatLoopEvent[];
  /** When the machine stopped the loop (left the state that invoked it). */
  stoppedAtMs?: number;
  /** Reports to the machine as the real loop would; dropped by XState once the loop is stopped. */
  sendBack: (event: WorkerEvent) => void;
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
  const loops: LoopRun[] = [];
  const heartbeats = fromCallback<HeartbeatLoopEvent, HeartbeatLoopInput>(({ input, sendBack, receive }) => {
    const run: LoopRun = { input, startedAtMs: clock.now(), received: [], sendBack: (event) => sendBack(event) };
    loops.push(run);
    receive((event) => run.received.push(event));
    return () => {
      run.stoppedAtMs = clock.now();
    };
  });
  const input: WorkerInput = {
    name: 'worker-a',
    maxConcurrentJobs: 2,
    registryKnown: true,
    seed: 1,
    ...options.input,
    config: { ...options.input?.config, ...options.config },
  };
  const actor = createActor(workerMachine.provide({ actions, actors: { heartbeats } }), { clock, input });
  actor.start();

  const send = (event: WorkerEvent) => actor.send(event);
  const snapshot = () => actor.getSnapshot();
  return {
    actor,
    clock,
    calls,
    loops,
    send,
    snapshot,
    ctx: () => snapshot().context,
    value: () => snapshot().value,
    matches: (state: string) => snapshot().matches(state as never),
    /** Calls of one effect, in order. */
    callsOf: (name: EffectName) => calls.filter((call) => call.name === name),
    count: (name: EffectName) => calls.filter((call) => call.name === name).length,
    /** The latest heartbeat loop the machine invoked. */
    loop: () => {
      const run = loops.at(-1);
      if (!run) throw new Error('the worker has not invoked a heartbeat loop');
      return run;
    },
    /** Loops not stopped yet. */
    running: () => loops.filter((run) => run.stoppedAtMs === undefined),
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

/** Starts and registers (interval 10 s): left in `active` with its heartbeat loop running. */
export function activeWorker(options: HarnessOptions = {}): Harness {
  const w = startWorker(options);
  w.send({ type: 'worker.start' });
  w.send(registered());
  return w;
}

// The worker agent (docs/behaviour.md §2): starting → registering → active ⇄ reconnecting → draining →
// deregistering → stopped. Every effect is a named no-op action or actor the runtime provides;
// every I/O result comes back as an event. A runtime must answer each `sendRegister`,
// `sendHeartbeat` (a reconnect probe) and `sendDeregister` with exactly one outcome event (its
// own timeout is a `*.failed` with DEADLINE_EXCEEDED); outcomes arriving elsewhere are ignored.
//
// Steady heartbeats are the invoked `heartbeats` actor (duties: `HeartbeatLoopInput`) in
// `active` and `draining`. It reports back only acks that matter and failures, so a steady
// heartbeat costs the machine no transition.
//
// The circuit breaker is an invoked child (`id: 'breaker'`). Retriable failures are sent to it
// as `call.failed`, successes as `call.succeeded`; it answers state changes with
// `breaker.changed`, mirrored in `context.breakerState` and surfaced by `breakerChanged`.
// Register, probe and deregister wait in a `gate` substate while the breaker is open. The loop
// needs no gate: in `active` the breaker is never open (a failure leaves), and `draining`
// beats on regardless. Guards: worker.guards.ts; context updates: worker.bookkeeping.ts.
import { assign, enqueueActions, fromCallback, not, sendParent, sendTo, setup } from 'xstate';
import { breakerChanged, breakerMachine, type AnnounceParams } from './breaker.machine.ts';
import { seedRandom } from './random.ts';
import { errorOf, intervalAdopted, jobAdded, jobRemoved, registrationAdopted, retryScheduled } from './worker.bookkeeping.ts';
import { resolveWorkerConfig } from './worker.config.ts';
import { failedRetriably, heartbeatLoop } from './worker.events.ts';
import { workerGuards } from './worker.guards.ts';
import { acceptTask, followInstruction, supersededStops } from './worker.transitions.ts';
import type { HeartbeatLoopEvent, HeartbeatLoopInput, WorkerContext, WorkerEvent, WorkerInput } from './worker.types.ts';

export type * from './worker.types.ts';
export { defaultWorkerConfig } from './worker.config.ts';

const noop = () => {};

const workerBreaker = breakerMachine.provide({
  actions: { announce: sendParent(({ context }, params: AnnounceParams) => breakerChanged(context, params)) },
});

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    events: {} as WorkerEvent,
    input: {} as WorkerInput,
  },
  actors: {
    breaker: workerBreaker,
    // The steady heartbeat loop, which the runtime provides (duties: `HeartbeatLoopInput`).
    heartbeats: fromCallback<HeartbeatLoopEvent, HeartbeatLoopInput>(() => {}),
  },
  actions: {
    // Effects the runtime provides.
    sendRegister: noop,
    // One heartbeat as a reconnect probe (reconnecting.probing); steady beats are `heartbeats`.
    sendHeartbeat: noop,
    sendDeregister: noop,
    persistIdentity: noop,
    startTask: noop,
    rejectTask: noop,
    reportTask: noop,
    announceDraining: noop,
    reportFatal: noop,
    notifyStopped: noop,
    breakerChanged: noop,
    // Bookkeeping.
    storeEndpoint: assign(({ context, event }) =>
      event.type === 'worker.attached' ? { endpoint: event.endpoint, registryKnown: true } : context,
    ),
    adoptRegistration: assign(({ context, event }) => registrationAdopted(context, event)),
    adoptInterval: assign(({ context, event }) => intervalAdopted(context, event)),
    resetAttempt: assign({ attempt: 0 }),
    scheduleRetry: assign(({ context, event }) => retryScheduled(context, event)),
    storeError: assign({ error: ({ context, event }) => errorOf(context, event) }),
    addJob: assign({ runningJobs: ({ context, event }) => jobAdded(context, event) }),
    removeJob: assign({ runningJobs: ({ context, event }) => jobRemoved(context, event) }),
    mirrorBreaker: assign({
      breakerState: ({ context, event }) => (event.type === 'breaker.changed' ? event.state : context.breakerState),
    }),
    // Call outcomes for the breaker: successes, and failures with a retriable code.
    recordSuccess: sendTo('breaker', { type: 'call.succeeded' }),
    // The breaker has closed: the loop may stop reporting plain acks.
    quietAcks: sendTo('heartbeats', { type: 'acks.quiet' }),
    recordFailure: enqueueActions(({ event, enqueue }) => {
      if (failedRetriably(event)) enqueue.sendTo('breaker', { type: 'call.failed' });
    }),
  },
  guards: workerGuards,
  delays: {
    retryDelay: ({ context }) => context.retryDelayMs,
    drainTimeout: ({ context }) => context.config.drainTimeoutMs,
  },
}).createMachine({
  id: 'worker',
  initial: 'starting',
  context: ({ input }) => {
    const config = resolveWorkerConfig(input.config);
    return {
      name: input.name,
      workerId: input.workerId,
      workerSecret: input.workerSecret,
      epoch: 0,
      registryKnown: input.registryKnown,
      maxConcurrentJobs: input.maxConcurrentJobs,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      nextHeartbeatDelayMs: config.heartbeatIntervalMs,
      attempt: 0,
      retryDelayMs: 0,
      runningJobs: [],
      rngState: seedRandom(input.seed),
      config,
      breakerState: 'closed',
    };
  },
  invoke: {
    id: 'breaker',
    src: 'breaker',
    input: ({ context }) => ({
      failureThreshold: context.config.breakerFailureThreshold,
      openMs: context.config.breakerOpenMs,
      successThreshold: context.config.breakerSuccessThreshold,
    }),
  },
  on: {
    'breaker.changed': { actions: ['mirrorBreaker', 'breakerChanged'] },
    'task.assigned': [{ guard: 'knownJob' }, { actions: 'rejectTask' }],
    'task.finished': { guard: 'knownJob', actions: ['removeJob', 'reportTask'] },
  },
  states: {
    starting: {
      on: {
        'worker.start': { guard: 'registryKnown', target: 'registering' },
        'worker.attached': { target: 'registering', actions: 'storeEndpoint' },
        'worker.stop': 'stopped',
      },
    },
    registering: {
      entry: 'resetAttempt',
      initial: 'gate',
      on: {
        'worker.attached': { target: 'registering', reenter: true, actions: 'storeEndpoint' },
        'worker.stop': 'stopped',
      },
      states: {
        gate: { always: { guard: not('breakerOpen'), target: 'sending' } },
        sending: {
          entry: 'sendRegister',
          on: {
            // The registration in flight already goes to the registry that dialled in.
            'worker.attached': { guard: 'sameRegistry' },
            'register.succeeded': { target: '#worker.active', actions: ['adoptRegistration', 'recordSuccess', 'persistIdentity'] },
            'register.failed': [
              { guard: not('retriable'), target: '#worker.stopped', actions: ['storeError', 'reportFatal'] },
              { guard: 'registrationExhausted', target: '#worker.stopped', actions: ['recordFailure', 'storeError', 'reportFatal'] },
              { target: 'backoff', actions: ['recordFailure', 'scheduleRetry'] },
            ],
          },
        },
        backoff: { after: { retryDelay: 'gate' } },
      },
    },
    active: {
      entry: 'resetAttempt',
      invoke: {
        id: 'heartbeats',
        src: 'heartbeats',
        input: ({ context }) =>
          heartbeatLoop(context, 'active', context.nextHeartbeatDelayMs, context.breakerState !== 'closed'),
      },
      on: {
        'worker.stop': 'draining',
        // The heartbeats already check the session with the registry that dialled in.
        'worker.attached': [{ guard: 'sameRegistry' }, { target: 'registering', actions: 'storeEndpoint' }],
        'task.assigned': acceptTask,
        // A plain ack stays put: no re-entry, so the loop keeps running.
        'heartbeat.acked': [...followInstruction, { actions: ['adoptInterval', 'recordSuccess'] }],
        'heartbeat.failed': [
          supersededStops,
          { guard: 'meansReRegister', target: 'registering' },
          { target: 'reconnecting', actions: ['recordFailure', 'scheduleRetry'] },
        ],
        'breaker.changed': [
          { guard: 'breakerClosed', actions: ['mirrorBreaker', 'breakerChanged', 'quietAcks'] },
          { actions: ['mirrorBreaker', 'breakerChanged'] },
        ],
      },
    },
    reconnecting: {
      initial: 'backoff',
      on: {
        'worker.stop': 'draining',
        // The registry that dialled in is reachable: probe the session now rather than replace it.
        'worker.attached': [{ guard: 'sameRegistry', target: '.gate' }, { target: 'registering', actions: 'storeEndpoint' }],
        'task.assigned': acceptTask,
      },
      states: {
        backoff: { after: { retryDelay: 'gate' } },
        gate: { always: { guard: not('breakerOpen'), target: 'probing' } },
        probing: {
          entry: 'sendHeartbeat',
          on: {
            'worker.attached': { guard: 'sameRegistry' },
            'heartbeat.acked': [
              ...followInstruction,
              { target: '#worker.active', actions: ['adoptInterval', 'recordSuccess'] },
            ],
            'heartbeat.failed': [
              supersededStops,
              { guard: 'meansReRegister', target: '#worker.registering' },
              { target: 'backoff', actions: ['recordFailure', 'scheduleRetry'] },
            ],
          },
        },
      },
    },
    draining: {
      entry: 'announceDraining',
      invoke: {
        id: 'heartbeats',
        src: 'heartbeats',
        input: ({ context }) => heartbeatLoop(context, 'draining', context.heartbeatIntervalMs, false),
      },
      always: { guard: 'noRunningJobs', target: 'deregistering' },
      after: { drainTimeout: 'deregistering' },
      on: {
        // Instructions are moot while leaving; a failure counts but the loop keeps beating.
        'heartbeat.acked': { actions: ['adoptInterval', 'recordSuccess'] },
        'heartbeat.failed': { actions: 'recordFailure' },
      },
    },
    deregistering: {
      entry: 'resetAttempt',
      initial: 'gate',
      states: {
        gate: { always: { guard: not('breakerOpen'), target: 'sending' } },
        sending: {
          entry: 'sendDeregister',
          on: {
            'deregister.succeeded': { target: '#worker.stopped', actions: 'recordSuccess' },
            'deregister.failed': [
              { guard: not('retriable'), target: '#worker.stopped', actions: 'storeError' },
              { guard: 'deregistrationExhausted', target: '#worker.stopped', actions: ['recordFailure', 'storeError'] },
              { target: 'backoff', actions: ['recordFailure', 'scheduleRetry'] },
            ],
          },
        },
        backoff: { after: { retryDelay: 'gate' } },
      },
    },
    stopped: {
      type: 'final',
      entry: 'notifyStopped',
    },
  },
});

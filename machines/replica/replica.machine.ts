// The life of one registry replica on a shared database (docs/behaviour.md §8): standby →
// candidate (taking the lease) → loading (reading the cluster, then handing its standby
// heartbeats over) → leading → standby again when the lease is lost, or stepping down (writing
// what it holds, then resigning) → stopped when it leaves. Pure: the lease and the database
// answer as events, time comes in as their `at`, and every effect is a named action the
// adapter (runtime/cluster/replica.ts) carries out: take, renew or resign the lease, open the
// term's store, start or stop serving, fence, arm the watchdog, schedule the next round.
//
// A round (a take or a renew, then whatever it leads to) is one at a time: it starts with
// `tick` and ends with `round.done`, which schedules the next. A resigning leader's NOTIFY
// (`lease.released`) starts a round at once, or right after the one in flight.
import { assign, not, setup } from 'xstate';
import type { ReplicaContext, ReplicaEvent, ReplicaInput, StepDownReason } from './replica.types.ts';

export type * from './replica.types.ts';

const noop = () => {};

/** The actions that are effects, for the adapter to provide (the rest is the machine's bookkeeping). */
export const REPLICA_EFFECTS = [
  'acquireLease', 'renewLease', 'lookUpLeader', 'openTerm', 'scheduleLoadRenew', 'cancelLoadRenew', 'renewWhileLoading',
  'quitStandby', 'startServing', 'standBy', 'fence', 'stopServing', 'armWatchdog', 'clearWatchdog', 'scheduleTick',
  'cancelTick', 'logRoundFailed', 'handOver', 'resignLease',
] as const;
export type ReplicaEffect = (typeof REPLICA_EFFECTS)[number];


const STEP_DOWN_REASONS: Record<StepDownReason, string> = {
  taken: 'the lease expired or was taken over',
  unrenewed: 'the lease could not be renewed in time',
  watchdog: 'the lease lapsed before it could be renewed (watchdog)',
};

/** Why a leader steps down on `event` (a refused write names the database's reason). */
function reasonOf(event: ReplicaEvent): string {
  if (event.type === 'write.refused') return `a write was refused: ${event.reason}`;
  if (event.type === 'lease.lapsed') return STEP_DOWN_REASONS.watchdog;
  if (event.type === 'round.failed') return STEP_DOWN_REASONS.unrenewed;
  return STEP_DOWN_REASONS.taken;
}

const replicaSetup = setup({
  types: {
    context: {} as ReplicaContext,
    events: {} as ReplicaEvent,
    input: {} as ReplicaInput,
  },
  actions: {
    // Effects the adapter carries out.
    acquireLease: noop,
    renewLease: noop,
    lookUpLeader: noop,
    openTerm: noop,
    scheduleLoadRenew: (_, _params: { delayMs: number }) => {},
    cancelLoadRenew: noop,
    renewWhileLoading: (_, _params: { load: number }) => {},
    quitStandby: noop,
    startServing: noop,
    standBy: noop,
    fence: (_, _params: { reason: string }) => {},
    stopServing: (_, _params: { reason: string }) => {},
    armWatchdog: noop,
    clearWatchdog: noop,
    scheduleTick: (_, _params: { delayMs: number }) => {},
    cancelTick: noop,
    logRoundFailed: (_, _params: { reason: string }) => {},
    handOver: noop,
    resignLease: noop,
    // Bookkeeping.
    beginRound: assign(({ event }) => ({ inRound: true, since: event.at })),
    markStopping: assign({ stopping: true }),
    enter: assign(({ event }) => ({ since: event.at })),
    beginLoad: assign(({ context, event }) => ({ since: event.at, loads: context.loads + 1 })),
  },
  guards: {
    stopping: ({ context }) => context.stopping,
    inRound: ({ context }) => context.inRound,
    /** One round at a time, and none once leaving. */
    mayBeginRound: ({ context }) => !context.inRound && !context.stopping,
    held: ({ event }) => 'held' in event && event.held,
    lost: ({ event }) => 'held' in event && !event.held,
  },
});

const logFailure = replicaSetup.enqueueActions(({ enqueue, event }) => {
  if (event.type === 'round.failed') enqueue({ type: 'logRoundFailed', params: { reason: event.reason } });
});

/** Standing by (again), unless leaving: answer the heartbeats it can vouch for. */
const standByUnlessStopping = replicaSetup.enqueueActions(({ enqueue, context }) => {
  if (!context.stopping) enqueue('standBy');
});

/** A resigning leader's hint: try to take the lease now, or right after the round in flight. */
const nudge = replicaSetup.enqueueActions(({ enqueue, context }) => {
  if (context.stopping) return;
  if (context.inRound) return enqueue.assign({ nudged: true });
  enqueue('cancelTick');
  enqueue({ type: 'scheduleTick', params: { delayMs: 0 } });
});

/** The round is over: a leader watches its claim till the next; the next round is scheduled. */
function endRound(leading: boolean) {
  return replicaSetup.enqueueActions(({ enqueue, context }) => {
    enqueue(leading ? 'armWatchdog' : 'clearWatchdog');
    if (!context.stopping) enqueue({ type: 'scheduleTick', params: { delayMs: context.nudged ? 0 : context.leaseRenewMs } });
    enqueue.assign({ inRound: false, nudged: false });
  });
}

/**
 * Stops leading, fence first: the lease is given up here (no write of this term can pass the
 * next term's fence) before the registry stops serving; then a standby again, unless leaving.
 */
const stepDown = replicaSetup.enqueueActions(({ enqueue, context, event }) => {
  const reason = reasonOf(event);
  enqueue.assign({ since: event.at, reason });
  enqueue({ type: 'fence', params: { reason } });
  enqueue({ type: 'stopServing', params: { reason } });
  enqueue('clearWatchdog');
  if (!context.stopping) enqueue('standBy');
});

export const replicaMachine = replicaSetup.createMachine({
  id: 'replica',
  context: ({ input }) => ({ leaseRenewMs: input.leaseRenewMs, inRound: false, nudged: false, stopping: false, loads: 0, since: input.at, reason: null }),
  initial: 'standby',
  on: {
    stop: { guard: not('stopping'), actions: ['markStopping', 'cancelTick', 'clearWatchdog'] },
    'round.failed': { actions: logFailure },
    'round.done': { guard: 'inRound', actions: endRound(false) },
    listening: { actions: standByUnlessStopping },
    'lease.released': { actions: nudge },
  },
  states: {
    standby: {
      on: {
        start: { guard: 'mayBeginRound', target: 'candidate', actions: ['beginRound', 'cancelTick', 'acquireLease'] },
        tick: { guard: 'mayBeginRound', target: 'candidate', actions: ['beginRound', 'acquireLease'] },
        'stop.drained': { guard: 'stopping', target: 'stopped', actions: 'enter' },
      },
    },
    candidate: {
      on: {
        'lease.acquired': {
          target: 'loading',
          actions: ['beginLoad', { type: 'scheduleLoadRenew', params: ({ context }) => ({ delayMs: context.leaseRenewMs }) }, 'openTerm'],
        },
        'lease.refused': { target: 'standby', actions: 'lookUpLeader' },
        'round.failed': { target: 'standby', actions: logFailure },
      },
    },
    loading: {
      initial: 'reading',
      on: {
        'round.failed': { target: 'standby', actions: logFailure },
      },
      states: {
        // A load can outlast the lease (1M members take about 8 s): it renews on its usual rounds meanwhile.
        reading: {
          exit: 'cancelLoadRenew',
          on: {
            'load.renewDue': { actions: { type: 'renewWhileLoading', params: ({ context }) => ({ load: context.loads }) } },
            // A renewal of an earlier load that ended meanwhile schedules nothing.
            'load.renewed': {
              guard: ({ context, event }) => event.load === context.loads,
              actions: { type: 'scheduleLoadRenew', params: ({ context }) => ({ delayMs: context.leaseRenewMs }) },
            },
            // The load outlasted the lease all the same: stay a standby.
            'load.done': [{ guard: 'held', target: 'handingOver', actions: 'quitStandby' }, { target: '#replica.standby' }],
          },
        },
        // The standby heartbeats' last flush lands before the core starts reading them.
        handingOver: {
          on: {
            'standby.quit': [
              { guard: 'held', target: '#replica.leading', actions: ['enter', 'startServing'] },
              { target: '#replica.standby', actions: standByUnlessStopping },
            ],
          },
        },
      },
    },
    leading: {
      on: {
        tick: { guard: 'mayBeginRound', actions: ['beginRound', 'renewLease'] },
        'lease.notRenewed': { guard: 'lost', target: 'standby', actions: stepDown },
        'lease.lapsed': { guard: 'lost', target: 'standby', actions: stepDown },
        'round.failed': [{ guard: 'lost', target: 'standby', actions: [stepDown, logFailure] }, { actions: logFailure }],
        'write.refused': { target: 'standby', actions: stepDown },
        'round.done': { guard: 'inRound', actions: endRound(true) },
        listening: {},
        'lease.released': {},
        'stop.drained': { guard: 'stopping', target: 'steppingDown', actions: ['enter', 'clearWatchdog', 'handOver'] },
      },
    },
    // Leaving while leading: the registry stops and writes what it holds, then the lease goes back.
    steppingDown: {
      on: {
        'write.refused': { actions: stepDown },
        'writes.settled': { target: 'stopped', actions: ['enter', 'resignLease'] },
        listening: {},
        'lease.released': {},
      },
    },
    stopped: { type: 'final' },
  },
});

// Circuit breaker (docs/behaviour.md §2): closed → open after `failureThreshold` consecutive failures →
// halfOpen after `openMs` → closed after `successThreshold` consecutive successes; a failure
// in halfOpen opens it again. Outcomes reported while open are calls that were already in
// flight when it opened: they are ignored.
//
// Every state change runs the named action `announce` with the new state. By default it
// emits `breaker.changed` (observe a standalone breaker with `actor.on('breaker.changed')`);
// the worker provides `announce` as `sendParent`, so the same event reaches the worker.
import { assign, emit, setup } from 'xstate';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface BreakerInput {
  failureThreshold: number;
  openMs: number;
  successThreshold: number;
}

export interface BreakerContext extends BreakerInput {
  /** Consecutive failures (kept while open; reset on entering closed or halfOpen). */
  failures: number;
  /** Consecutive successes counted in halfOpen (reset on entering closed or halfOpen). */
  successes: number;
}

export type BreakerEvent = { type: 'call.succeeded' } | { type: 'call.failed' };

/** A state change, with the counters that caused it. */
export interface BreakerChangedEvent {
  type: 'breaker.changed';
  state: BreakerState;
  failures: number;
  successes: number;
}

export interface AnnounceParams {
  state: BreakerState;
}

export function breakerChanged(context: BreakerContext, params: AnnounceParams): BreakerChangedEvent {
  return { type: 'breaker.changed', state: params.state, failures: context.failures, successes: context.successes };
}

export const breakerMachine = setup({
  types: {
    context: {} as BreakerContext,
    events: {} as BreakerEvent,
    input: {} as BreakerInput,
    emitted: {} as BreakerChangedEvent,
  },
  actions: {
    announce: emit(({ context }, params: AnnounceParams) => breakerChanged(context, params)),
    countFailure: assign({ failures: ({ context }) => context.failures + 1 }),
    countSuccess: assign({ successes: ({ context }) => context.successes + 1 }),
    resetFailures: assign({ failures: 0 }),
    resetCounters: assign({ failures: 0, successes: 0 }),
  },
  guards: {
    opensOnThisFailure: ({ context }) => context.failures + 1 >= context.failureThreshold,
    closesOnThisSuccess: ({ context }) => context.successes + 1 >= context.successThreshold,
  },
  delays: {
    openMs: ({ context }) => context.openMs,
  },
}).createMachine({
  id: 'breaker',
  initial: 'closed',
  context: ({ input }) => ({ ...input, failures: 0, successes: 0 }),
  states: {
    closed: {
      entry: 'resetCounters',
      on: {
        'call.succeeded': { actions: 'resetFailures' },
        'call.failed': [
          {
            guard: 'opensOnThisFailure',
            target: 'open',
            actions: ['countFailure', { type: 'announce', params: { state: 'open' } }],
          },
          { actions: 'countFailure' },
        ],
      },
    },
    open: {
      after: {
        openMs: { target: 'halfOpen', actions: { type: 'announce', params: { state: 'halfOpen' } } },
      },
    },
    halfOpen: {
      entry: 'resetCounters',
      on: {
        'call.succeeded': [
          {
            guard: 'closesOnThisSuccess',
            target: 'closed',
            actions: ['countSuccess', { type: 'announce', params: { state: 'closed' } }],
          },
          { actions: 'countSuccess' },
        ],
        'call.failed': {
          target: 'open',
          actions: ['countFailure', { type: 'announce', params: { state: 'open' } }],
        },
      },
    },
  },
});

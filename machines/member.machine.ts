// The registry's view of one worker (docs/behaviour.md §1). Pure: time arrives as the `at` of each event,
// and the deadlines that produce `heartbeat.overdue` / `unhealthy.expired` are watched by the
// registry's deadline wheel, so no member needs a live timer. Effects are named actions
// (`requeueJobs`, `revokeSession`, `clearAssignments`, `recovered`) that the registry runs.
import { assign, setup } from 'xstate';

export interface MemberLimits {
  consecutiveFailuresToFail: number;
  flapLimit: number;
  flapWindowMs: number;
  flapCooldownMs: number;
}

export interface MemberContext {
  epoch: number;
  maxConcurrentJobs: number;
  currentJobs: number;
  /** Consecutive failed health checks. */
  checkFailures: number;
  /** Times of recent unhealthy → active recoveries, for flap damping. */
  recoveries: number[];
  /** Kept out of scheduling until then (flap cooldown). */
  holdUntil: number;
  /** When the member entered its current top-level state. */
  since: number;
  /** Inactive because it deregistered (true) or because it failed and was cleaned up. */
  leftGracefully: boolean;
  /** Asked to drain in this session: survives a blip through unhealthy, ends with a new session. */
  draining: boolean;
}

export type MemberEvent =
  | { type: 'member.registered'; at: number; epoch: number; maxConcurrentJobs: number; currentJobs: number }
  | { type: 'heartbeat.received'; at: number; currentJobs: number }
  | { type: 'heartbeat.overdue'; at: number }
  | { type: 'unhealthy.expired'; at: number }
  | { type: 'check.failed'; at: number; stale?: boolean }
  | { type: 'check.passed'; at: number }
  | { type: 'jobs.changed'; at: number; currentJobs: number }
  | { type: 'drain.requested'; at: number }
  | { type: 'member.deregistered'; at: number }
  | { type: 'cleanup.due'; at: number };

export type MemberStateName = 'registered' | 'active' | 'unhealthy' | 'failed' | 'inactive';
export type MemberSubstate = 'idle' | 'busy' | 'draining';

export function initialMemberContext(at: number, maxConcurrentJobs = 1): MemberContext {
  return {
    epoch: 0,
    maxConcurrentJobs,
    currentJobs: 0,
    checkFailures: 0,
    recoveries: [],
    holdUntil: 0,
    since: at,
    leftGracefully: false,
    draining: false,
  };
}

export function createMemberMachine(limits: MemberLimits) {
  return setup({
    types: {
      context: {} as MemberContext,
      events: {} as MemberEvent,
      input: {} as MemberContext,
    },
    actions: {
      requeueJobs: () => {},
      revokeSession: () => {},
      clearAssignments: () => {},
      recovered: () => {},
      enterState: assign(({ event }) => ({ since: event.at, checkFailures: 0 })),
      enterInactiveGracefully: assign(({ event }) => ({ since: event.at, leftGracefully: true })),
      enterInactiveByFailure: assign(({ event }) => ({ since: event.at, leftGracefully: false })),
      startDraining: assign({ draining: true }),
      countCheckFailure: assign({ checkFailures: ({ context }) => context.checkFailures + 1 }),
      resetCheckFailures: assign({ checkFailures: 0 }),
      takeJobCount: assign({
        currentJobs: ({ context, event }) =>
          event.type === 'heartbeat.received' || event.type === 'jobs.changed' ? event.currentJobs : context.currentJobs,
      }),
      startSession: assign(({ event, context }) =>
        event.type === 'member.registered'
          ? { epoch: event.epoch, maxConcurrentJobs: event.maxConcurrentJobs, currentJobs: event.currentJobs, draining: false }
          : context,
      ),
      dampFlapping: assign(({ context, event }) => {
        const recoveries = [...context.recoveries.filter((t) => event.at - t < limits.flapWindowMs), event.at];
        const holdUntil = recoveries.length > limits.flapLimit ? event.at + limits.flapCooldownMs : context.holdUntil;
        return { recoveries, holdUntil };
      }),
    },
    guards: {
      draining: ({ context }) => context.draining === true,
      full: ({ context }) => context.currentJobs >= context.maxConcurrentJobs,
      hasRoom: ({ context }) => context.currentJobs < context.maxConcurrentJobs,
      lastCheckAllowed: ({ context }) => context.checkFailures + 1 >= limits.consecutiveFailuresToFail,
    },
  }).createMachine({
    id: 'member',
    context: ({ input }) => input,
    initial: 'registered',
    on: {
      'member.registered': { target: '.active', reenter: true, actions: ['startSession', 'enterState'] },
    },
    states: {
      registered: {
        on: {
          'member.deregistered': { target: 'inactive', actions: 'enterInactiveGracefully' },
        },
      },
      active: {
        initial: 'idle',
        on: {
          'heartbeat.received': { actions: ['takeJobCount', 'resetCheckFailures'] },
          'jobs.changed': { actions: 'takeJobCount' },
          'heartbeat.overdue': { target: 'unhealthy' },
          'check.failed': [
            { guard: 'lastCheckAllowed', target: 'failed' },
            { actions: 'countCheckFailure' },
          ],
          'check.passed': { actions: 'resetCheckFailures' },
          'member.deregistered': { target: 'inactive', actions: 'enterInactiveGracefully' },
        },
        states: {
          idle: {
            always: [
              { guard: 'draining', target: 'draining' },
              { guard: 'full', target: 'busy' },
            ],
            on: { 'drain.requested': { target: 'draining', actions: 'startDraining' } },
          },
          busy: {
            always: { guard: 'hasRoom', target: 'idle' },
            on: { 'drain.requested': { target: 'draining', actions: 'startDraining' } },
          },
          draining: {},
        },
      },
      unhealthy: {
        entry: 'enterState',
        on: {
          'heartbeat.received': { target: 'active', actions: ['takeJobCount', 'dampFlapping', 'recovered', 'enterState'] },
          'unhealthy.expired': { target: 'failed' },
          'check.failed': [
            { guard: 'lastCheckAllowed', target: 'failed' },
            { actions: 'countCheckFailure' },
          ],
          'member.deregistered': { target: 'inactive', actions: 'enterInactiveGracefully' },
        },
      },
      failed: {
        entry: ['enterState', 'revokeSession', 'requeueJobs'],
        on: {
          'cleanup.due': { target: 'inactive', actions: 'enterInactiveByFailure' },
        },
      },
      inactive: {
        entry: ['revokeSession', 'clearAssignments'],
        on: {
          'member.deregistered': {},
        },
      },
    },
  });
}

export type MemberMachine = ReturnType<typeof createMemberMachine>;

import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { breakerMachine, type BreakerChangedEvent, type BreakerInput } from '../../machines/breaker.machine.ts';
import { VirtualClock } from '../../runtime/clock/virtual-clock.ts';

const seed = Number(process.env.FC_SEED ?? 20261123);
const defaults: BreakerInput = { failureThreshold: 5, openMs: 30_000, successThreshold: 3 };

function startBreaker(input: BreakerInput = defaults) {
  const clock = new VirtualClock();
  const actor = createActor(breakerMachine, { clock, input });
  const changes: BreakerChangedEvent[] = [];
  actor.on('breaker.changed', (event) => changes.push(event));
  actor.start();
  const fail = (times = 1) => {
    for (let i = 0; i < times; i++) actor.send({ type: 'call.failed' });
  };
  const succeed = (times = 1) => {
    for (let i = 0; i < times; i++) actor.send({ type: 'call.succeeded' });
  };
  return { actor, clock, changes, fail, succeed, state: () => actor.getSnapshot().value, ctx: () => actor.getSnapshot().context };
}

describe('breaker: closed', () => {
  it('starts closed with zero counters and announces nothing', () => {
    const b = startBreaker();
    expect(b.state()).toBe('closed');
    expect(b.ctx()).toEqual({ ...defaults, failures: 0, successes: 0 });
    expect(b.changes).toEqual([]);
  });

  it('counts consecutive failures below the threshold and stays closed', () => {
    const b = startBreaker();
    b.fail(4);
    expect(b.state()).toBe('closed');
    expect(b.ctx().failures).toBe(4);
    expect(b.changes).toEqual([]);
  });

  it('a success resets the failure count, so interleaved failures never open it', () => {
    const b = startBreaker();
    for (let i = 0; i < 10; i++) {
      b.fail(4);
      b.succeed();
    }
    expect(b.state()).toBe('closed');
    expect(b.ctx().failures).toBe(0);
  });

  it('opens on the 5th consecutive failure and announces it with the count', () => {
    const b = startBreaker();
    b.fail(5);
    expect(b.state()).toBe('open');
    expect(b.changes).toEqual([{ type: 'breaker.changed', state: 'open', failures: 5, successes: 0 }]);
  });

  it('honours a custom failure threshold', () => {
    const b = startBreaker({ ...defaults, failureThreshold: 2 });
    b.fail();
    expect(b.state()).toBe('closed');
    b.fail();
    expect(b.state()).toBe('open');
  });
});

describe('breaker: open', () => {
  it('half-opens exactly openMs after opening, not before', () => {
    const b = startBreaker();
    b.fail(5);
    b.clock.advance(29_999);
    expect(b.state()).toBe('open');
    b.clock.advance(1);
    expect(b.state()).toBe('halfOpen');
    expect(b.changes.map((c) => c.state)).toEqual(['open', 'halfOpen']);
    expect(b.ctx()).toMatchObject({ failures: 0, successes: 0 });
  });

  it('ignores outcomes of calls that were in flight when it opened', () => {
    const b = startBreaker();
    b.fail(5);
    b.succeed(10);
    b.fail(10);
    expect(b.state()).toBe('open');
    expect(b.changes).toHaveLength(1);
    b.clock.advance(30_000);
    expect(b.state()).toBe('halfOpen');
  });

  it('honours a custom openMs', () => {
    const b = startBreaker({ ...defaults, openMs: 1_000 });
    b.fail(5);
    b.clock.advance(1_000);
    expect(b.state()).toBe('halfOpen');
  });
});

describe('breaker: halfOpen', () => {
  function halfOpen(input: BreakerInput = defaults) {
    const b = startBreaker(input);
    b.fail(input.failureThreshold);
    b.clock.advance(input.openMs);
    expect(b.state()).toBe('halfOpen');
    return b;
  }

  it('counts successes below the threshold and stays halfOpen', () => {
    const b = halfOpen();
    b.succeed(2);
    expect(b.state()).toBe('halfOpen');
    expect(b.ctx().successes).toBe(2);
  });

  it('closes after 3 consecutive successes, announces it, and resets its counters', () => {
    const b = halfOpen();
    b.succeed(3);
    expect(b.state()).toBe('closed');
    expect(b.changes.at(-1)).toEqual({ type: 'breaker.changed', state: 'closed', failures: 0, successes: 3 });
    expect(b.ctx()).toMatchObject({ failures: 0, successes: 0 });
  });

  it('opens again on a failure, even after some successes, and half-opens after openMs', () => {
    const b = halfOpen();
    b.succeed(2);
    b.fail();
    expect(b.state()).toBe('open');
    expect(b.changes.at(-1)).toEqual({ type: 'breaker.changed', state: 'open', failures: 1, successes: 2 });
    b.clock.advance(29_999);
    expect(b.state()).toBe('open');
    b.clock.advance(1);
    expect(b.state()).toBe('halfOpen');
    expect(b.ctx().successes).toBe(0);
  });

  it('honours a custom success threshold', () => {
    const b = halfOpen({ ...defaults, successThreshold: 1 });
    b.succeed();
    expect(b.state()).toBe('closed');
  });

  it('needs the full failure threshold again after closing', () => {
    const b = halfOpen();
    b.succeed(3);
    b.fail(4);
    expect(b.state()).toBe('closed');
    b.fail();
    expect(b.state()).toBe('open');
  });
});

// A reference model of the breaker, checked against the machine on random schedules.
type Step = { kind: 'ok' } | { kind: 'fail' } | { kind: 'wait'; ms: number };

function model(input: BreakerInput, steps: Step[]): string[] {
  let state = 'closed';
  let failures = 0;
  let successes = 0;
  let openedAt = 0;
  let now = 0;
  const seen: string[] = [];
  for (const step of steps) {
    if (step.kind === 'wait') {
      now += step.ms;
      if (state === 'open' && now - openedAt >= input.openMs) [state, successes] = ['halfOpen', 0];
    } else if (state === 'closed') {
      failures = step.kind === 'fail' ? failures + 1 : 0;
      if (failures >= input.failureThreshold) [state, openedAt] = ['open', now];
    } else if (state === 'halfOpen') {
      if (step.kind === 'fail') [state, openedAt] = ['open', now];
      else if (++successes >= input.successThreshold) [state, failures] = ['closed', 0];
    }
    seen.push(state);
  }
  return seen;
}

describe('breaker: against a reference model', () => {
  it('agrees on every step of random outcome and time schedules', () => {
    const stepArb: fc.Arbitrary<Step> = fc.oneof(
      fc.constant({ kind: 'ok' } as const),
      fc.constant({ kind: 'fail' } as const),
      fc.integer({ min: 1, max: 20_000 }).map((ms) => ({ kind: 'wait', ms }) as const),
    );
    const inputArb = fc.record({
      failureThreshold: fc.integer({ min: 1, max: 6 }),
      openMs: fc.integer({ min: 1, max: 30_000 }),
      successThreshold: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(inputArb, fc.array(stepArb, { maxLength: 60 }), (input, steps) => {
        const b = startBreaker(input);
        const seen = steps.map((step) => {
          if (step.kind === 'wait') b.clock.advance(step.ms);
          else if (step.kind === 'ok') b.succeed();
          else b.fail();
          return b.state();
        });
        expect(seen).toEqual(model(input, steps));
      }),
      { seed },
    );
  });
});

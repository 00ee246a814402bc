import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { breakerMachine } from '../../machines/breaker.machine.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

describe('breaker', () => {
  it('starts closed with zero counters', () => {
    const actor = createActor(breakerMachine, {
      clock: new VirtualClock(),
      input: { failureThreshold: 5, openMs: 30_000, successThreshold: 3 },
    }).start();
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context).toMatchObject({ failures: 0, successes: 0 });
  });
});

// The virtual clock's timer wheel (runtime/clock/timer-queue.ts) fires exactly what a plain
// sorted list of (due, seq) would, at the same times, and counts the same timers pending:
// across the wheel's 65.5 s horizon, with fractional dues, clears (twice, or after the timer
// fired: no effect), timers set by firing timers, and long jumps of time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimerId } from '../../../runtime/clock/clock.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import { propertyParams } from '../../support/property.ts';

/** The model: every pending timer in a list, the earliest (due, seq) fired first. */
class ListClock {
  #now = 0;
  #seq = 0;
  #timers: { due: number; seq: number; fn: () => void }[] = [];

  now(): number {
    return this.#now;
  }

  get pending(): number {
    return this.#timers.length;
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    const timer = { due: this.#now + Math.max(0, delayMs), seq: ++this.#seq, fn };
    this.#timers.push(timer);
    return timer;
  }

  clearTimeout(id: TimerId): void {
    this.#timers = this.#timers.filter((t) => t !== id);
  }

  runUntil(untilMs: number): void {
    for (;;) {
      const due = this.#timers.filter((t) => t.due <= untilMs).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.due;
      due.fn();
    }
    this.#now = Math.max(this.#now, untilMs);
  }
}

const delay = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 70_000 }),
  fc.integer({ min: 60_000, max: 10 * 3_600_000 }),
  fc.double({ min: 0, max: 5_000, noNaN: true }),
);
const step = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), delay, children: fc.array(delay, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('clear' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('run' as const), by: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 4 * 3_600_000 }), fc.double({ min: 0, max: 100, noNaN: true })) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Plays the steps on a clock; returns what fired (labelled, with when) and what was pending after each step. */
function play(clock: VirtualClock | ListClock, steps: readonly Step[]): string[] {
  const fired: string[] = [];
  const ids: TimerId[] = [];
  const arm = (label: string, ms: number, children: readonly number[]) =>
    ids.push(
      clock.setTimeout(() => {
        fired.push(`${label}@${clock.now()}`);
        children.forEach((child, i) => arm(`${label}.${i}`, child, children.slice(i + 1)));
      }, ms),
    );
  steps.forEach((s, i) => {
    if (s.kind === 'set') arm(`t${i}`, s.delay, s.children);
    else if (s.kind === 'clear' && ids.length > 0) clock.clearTimeout(ids[s.pick % ids.length]!);
    else if (s.kind === 'run') clock.runUntil(clock.now() + s.by);
    fired.push(`pending ${clock.pending}`);
  });
  clock.runUntil(clock.now() + 30 * 3_600_000);
  return fired;
}

describe('VirtualClock timer wheel', () => {
  it('fires the same timers in the same order at the same times as a sorted list', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        expect(play(new VirtualClock(), steps)).toEqual(play(new ListClock(), steps));
      }),
      propertyParams(300),
    );
  });

  it('keeps a timer that waited beyond the wheel ahead of a later one with the same due', () => {
    // The wheel reaches 65,536 ms ahead: at 34,465 ms the slot of 100,000 ms has just come
    // within reach, and the timer waiting for it must be there before the later one is set.
    for (const beside of [false, true]) {
      const clock = new VirtualClock();
      const fired: string[] = [];
      clock.setTimeout(() => fired.push('early'), 100_000);
      if (beside) clock.setTimeout(() => fired.push('beside'), 40_000);
      clock.runUntil(100_000 - 65_535);
      clock.setTimeout(() => fired.push('late'), 65_535);
      clock.runUntil(200_000);
      expect(fired).toEqual([...(beside ? ['beside'] : []), 'early', 'late']);
    }
  });
});

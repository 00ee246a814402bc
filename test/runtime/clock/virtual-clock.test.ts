// The one virtual clock (runtime/clock/virtual-clock.ts), which the machine tests also run on.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';

describe('VirtualClock', () => {
  it('fires timers due within one step, including ones set by earlier callbacks', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const chain = () => {
      fired.push(clock.now());
      if (fired.length < 3) clock.setTimeout(chain, 1_000);
    };
    clock.setTimeout(chain, 1_000);
    clock.advance(3_000);
    expect(fired).toEqual([1_000, 2_000, 3_000]);
    expect(clock.now()).toBe(3_000);
  });

  it('fires equal deadlines in the order they were set, and nothing before its deadline', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 500);
    clock.setTimeout(() => fired.push('a1'), 200);
    clock.setTimeout(() => fired.push('a2'), 200);
    clock.advance(199);
    expect(fired).toEqual([]);
    clock.advance(301);
    expect(fired).toEqual(['a1', 'a2', 'b']);
  });

  it('does not fire cleared timers and counts only live ones as pending', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const id = clock.setTimeout(() => fired.push('x'), 10);
    clock.setTimeout(() => fired.push('y'), 20);
    expect(clock.pending).toBe(2);
    clock.clearTimeout(id);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(fired).toEqual(['y']);
    expect(clock.pending).toBe(0);
  });

  it('runUntil fires up to and including the deadline and never moves time back', () => {
    const clock = new VirtualClock(1_000);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 500);
    clock.runUntil(1_500);
    expect(fired).toEqual([1_500]);
    clock.runUntil(1_200);
    expect(clock.now()).toBe(1_500);
  });
});

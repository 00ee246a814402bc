import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.ts';

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

  it('does not fire cleared timers', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const id = clock.setTimeout(() => fired.push('x'), 10);
    clock.clearTimeout(id);
    clock.advance(100);
    expect(fired).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });
});

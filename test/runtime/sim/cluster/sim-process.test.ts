// A simulated process runs its timers only while it lives and is not stopped.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../runtime/clock/virtual-clock.ts';
import { SimProcess } from '../../../../runtime/sim/cluster/sim-process.ts';

describe('SimProcess', () => {
  it('SIGSTOP holds back what comes due; SIGCONT runs it, late and in order', () => {
    const clock = new VirtualClock();
    const process = new SimProcess('r1', clock);
    const ran: [string, number][] = [];
    process.setTimeout(() => ran.push(['a', clock.now()]), 100);
    process.setTimeout(() => ran.push(['b', clock.now()]), 200);
    clock.runUntil(50);
    process.pause();
    clock.runUntil(1_000);
    expect(ran).toEqual([]);
    process.resume();
    clock.runUntil(1_000);
    expect(ran).toEqual([['a', 1_000], ['b', 1_000]]);
  });

  it('SIGKILL drops its timers and whatever it would have run', () => {
    const clock = new VirtualClock();
    const process = new SimProcess('r1', clock);
    const ran: string[] = [];
    process.setTimeout(() => ran.push('timer'), 100);
    process.pause();
    process.run(() => ran.push('held'));
    process.kill();
    process.resume();
    clock.runUntil(1_000);
    process.run(() => ran.push('after'));
    expect(ran).toEqual([]);
    expect(process.alive).toBe(false);
  });
});

// The boot gate: at most `slots` boots in flight, the rest wait their turn in order.
import { describe, expect, it } from 'vitest';
import { BootGate } from '../../../../runtime/chaos/real/boot-gate.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BootGate', () => {
  it('lets `slots` boots in at once and the next in when one leaves, first come first served', async () => {
    const gate = new BootGate(2);
    const entered: number[] = [];
    const leaves: (() => void)[] = [];
    for (let i = 0; i < 5; i++) void gate.enter().then((leave) => (entered.push(i), (leaves[i] = leave)));
    await tick();
    expect(entered).toEqual([0, 1]);
    expect(gate.load).toEqual({ booting: 2, waiting: 3 });
    leaves[1]!();
    leaves[1]!(); // leaving twice frees one slot, not two
    await tick();
    expect(entered).toEqual([0, 1, 2]);
    leaves[0]!();
    leaves[2]!();
    await tick();
    expect(entered).toEqual([0, 1, 2, 3, 4]);
    for (const leave of leaves.slice(3)) leave();
    expect(gate.load).toEqual({ booting: 0, waiting: 0 });
  });

  it('has at least one slot, one per core by default', () => {
    expect(() => new BootGate(0)).toThrow(/at least one slot/);
    expect(new BootGate().slots).toBeGreaterThanOrEqual(1);
  });
});

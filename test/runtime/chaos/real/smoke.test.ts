// A real-mode smoke subset of the scenario library: the same scenario files as in simulation,
// run as OS processes behind rollcall proxy, must pass with every invariant.
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../../../scenarios/index.ts';
import { runScenario } from '../../../../runtime/chaos/run-scenario.ts';

const smoke = ['crash-and-restart', 'lost-registration-reply', 'network-interruption-and-heal'];

describe('scenario library on real processes (smoke)', () => {
  it.each(smoke)('%s passes in real mode', async (name) => {
    const scenario = scenarios.find((s) => s.name === name)!;
    const result = await runScenario(scenario, 'real', { seed: 1, scale: 0.01 });
    expect(result.failures).toEqual([]);
    expect(result.mode).toBe('real');
    expect(result.log.some((e) => e.type === 'worker' && e.to === 'active')).toBe(true);
  }, 60_000);
});

describe('dial connections on real processes', () => {
  // The harness learns each worker's agent port from its listening line; without it, it counted
  // no dial connection at all and wedged-worker timed out waiting for one (a real-mode regression).
  it('wedged-worker passes, having seen the registry hold a dial to the stopped worker', async () => {
    const scenario = scenarios.find((s) => s.name === 'wedged-worker')!;
    const result = await runScenario(scenario, 'real', { seed: 1, scale: 0.01 }); // it runs at its own realScale, 0.1
    expect(result.failures).toEqual([]);
    const counts = result.log.filter((e) => e.type === 'dial.sockets' && e.node === 'w1').map((e) => Number(e.open));
    expect(Math.max(...counts)).toBeGreaterThan(0);
  }, 120_000);
});

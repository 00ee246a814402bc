// Every scenario of the library passes in simulation, for several seeds, and a run is a pure
// function of its seed.
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../../../scenarios/index.ts';
import { runSimScenario } from '../../../../runtime/chaos/sim/run-sim-scenario.ts';
import { defineScenario } from '../../../../runtime/chaos/scenario.ts';

describe('scenario library in simulation', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s passes for seeds 1–5', async (_name, scenario) => {
    for (let seed = 1; seed <= 5; seed++) {
      const result = await runSimScenario(scenario, { seed });
      expect(result.failures, `seed ${seed}`).toEqual([]);
      expect(result.passed).toBe(true);
    }
  });

  it('the same seed gives the same log; the run records figures', async () => {
    const scenario = scenarios.find((s) => s.name === 'crash-and-restart')!;
    const a = await runSimScenario(scenario, { seed: 3 });
    const b = await runSimScenario(scenario, { seed: 3 });
    expect(JSON.stringify(b.log)).toBe(JSON.stringify(a.log));
    expect(a.figures['detect unhealthy']!.value).toBeGreaterThan(0);
    expect(a.figures['detect unhealthy']!.value).toBeLessThanOrEqual(4 * 60_000);
  });
});

describe('scenario failures are reported, not thrown', () => {
  it('a failed check, an until that times out, and an unknown worker', async () => {
    const failing = defineScenario({
      name: 'failing',
      summary: 'fails three ways',
      workers: 1,
      async script(run) {
        await run.start('w1');
        run.check(false, 'this check fails');
        await run.until(() => false, '10s', 'something impossible');
      },
    });
    const result = await runSimScenario(failing, { seed: 1 });
    expect(result.passed).toBe(false);
    expect(result.failures.map((f) => [f.kind, f.message])).toEqual([
      ['check', 'this check fails'],
      ['timeout', 'something impossible did not happen within 10s'],
    ]);
    const unknown = await runSimScenario({ ...failing, script: async (run) => run.crash('nobody') }, { seed: 1 });
    expect(unknown.failures).toEqual([{ kind: 'error', message: 'no worker named "nobody" (workers: w1)' }]);
  });

  it('an invariant broken by the run is a failure naming the invariant and its first violating event', async () => {
    const result = await runSimScenario(
      defineScenario({
        name: 'checks-invariants',
        summary: 'the log is judged',
        workers: 2,
        async script(run) {
          await run.start(...run.workers);
          await run.wait('1m');
        },
      }),
      { seed: 1 },
    );
    expect(result.passed).toBe(true);
    // The same log with a made-up false suspicion: the checker must object.
    const { checkInvariants } = await import('../../../../runtime/invariants/invariants.ts');
    const { boundsFor } = await import('../../../../runtime/invariants/bounds.ts');
    const { defaultRegistryConfig } = await import('../../../../machines/registry/registry.config.ts');
    const { defaultWorkerConfig } = await import('../../../../machines/worker.config.ts');
    const late = { t: 10 * 60_000, type: 'member', id: 'w1', from: 'active.idle', to: 'unhealthy', epoch: 1, reason: 'made up' };
    const violations = checkInvariants([...result.log, late], boundsFor(defaultRegistryConfig, defaultWorkerConfig, 5000, 11 * 60_000));
    expect(violations.map((v) => v.invariant)).toEqual(['no-false-suspicion']);
    expect(violations[0]!.entry).toBe(late);
  });
});

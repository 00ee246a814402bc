// The thundering herd after a registry restart: forty workers lose the registry at once and
// come back to it. Backoff with jitter spreads their retries; the figure is how widely.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 're-registration-storm',
  summary: '40 workers retry against a restarted registry; jitter spreads the herd',
  workers: 40,
  registry: { restartGraceMs: 3 * 60_000 },
  async script(run) {
    await run.start(...run.workers);
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    await run.crashRegistry();
    await run.wait('40s');
    const backAt = run.elapsed();
    await run.restartRegistry();
    const cameBack: number[] = [];
    const pending = new Set(run.workers);
    await run.until(
      async () => {
        for (const w of [...pending]) {
          if ((await run.workerState(w)) !== 'active') continue;
          pending.delete(w);
          cameBack.push(run.elapsed() - backAt);
        }
        return pending.size === 0;
      },
      '2m',
      'every worker reconnected',
    );
    cameBack.sort((a, b) => a - b);
    const spread = cameBack[cameBack.length - 1]! - cameBack[0]!;
    run.figure('reconnect spread', spread, 'ms');
    run.figure('last reconnect', cameBack[cameBack.length - 1]!, 'ms');
    run.check(spread > 0, 'every worker came back at the same instant: no jitter');
  },
});

// A latency spike well below the unhealthy threshold: heartbeats are late, but never late
// enough — no member may be judged unhealthy (no false failure).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'latency-spike-below-threshold',
  summary: '400 ms ± 100 ms on every link for 5 minutes: nobody suspected',
  workers: 4,
  async script(run) {
    await run.start(...run.workers);
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    await run.latency(run.workers, '400ms', '100ms');
    for (let t = 0; t < 10; t++) {
      await run.wait('30s');
      for (const w of run.workers) {
        const state = (await run.member(w))?.state ?? 'unknown';
        run.check(state.startsWith('active'), `${w} was ${state} under a latency below the threshold`);
      }
    }
    await run.clearFaults(...run.workers);
  },
});

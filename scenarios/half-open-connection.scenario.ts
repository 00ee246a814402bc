// Slow close / half-open connections: data stops flowing on the worker's link (Toxiproxy's
// timeout toxic) without a clean close. The worker notices by its deadlines, reconnects with
// backoff, and the registry suspects it until the link carries data again.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'half-open-connection',
  summary: 'a black-holed link (timeout toxic): suspected, the worker reconnects once it clears',
  workers: 2,
  async script(run) {
    await run.start(...run.workers);
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    // The session the fault must not cost it (on a loaded machine a slow first reply can make it register twice before).
    const epoch = (await run.member('w1'))?.epoch;
    await run.blackhole(['w1'], '10s');
    await run.until(async () => (await run.workerState('w1')) === 'reconnecting', '2m', 'w1 notices and reconnects');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy');
    await run.clearFaults('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '2m', 'w1 active again');
    const after = (await run.member('w1'))?.epoch;
    run.check(after === epoch, `w1 should have recovered its session, not re-registered (epoch ${epoch} → ${after})`);
  },
});

// A link that goes down and up again and again: each outage longer than unhealthyAfter, each
// recovery short. The member flaps, flap damping keeps it out of scheduling for a cooldown,
// and it is never declared failed for outages shorter than failedAfter. Jobs submitted in the
// cooldown go to the steady worker (no-jobs-in-flap-cooldown names a slip).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'flapping-link',
  summary: 'five short outages in a row: flaps, damped (no jobs in the cooldown), never failed',
  workers: 2,
  async script(run) {
    await run.start(...run.workers);
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    let wentUnhealthy = 0;
    for (let i = 0; i < 5; i++) {
      await run.partition('w1');
      await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', `outage ${i + 1}: unhealthy`);
      wentUnhealthy++;
      await run.heal('w1');
      await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '2m', `outage ${i + 1}: recovered`);
      run.check((await run.member('w1'))?.state !== 'failed', 'w1 was declared failed during a short outage');
      await run.wait('20s');
    }
    run.figure('flaps', wentUnhealthy, 'count');
    await run.submitJobs(4, '1m');
    await run.wait('1m');
  },
});

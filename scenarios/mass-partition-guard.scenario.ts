// The registry is cut off from most of the cluster (a partition on its side, as Kubernetes
// #24200 and Nomad #3840 saw): more than 55 % of members go unhealthy at once, the mass-failure
// guard holds, nobody is failed and no job is requeued; when the partition heals, all recover.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'mass-partition-guard',
  summary: '8 of 12 workers cut off for 10m: the guard holds, nobody failed, all recover',
  workers: 12,
  async script(run) {
    await run.start(...run.workers);
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    await run.submitJobs(8, '30m');
    const cut = run.workers.slice(0, 8);
    await run.partition(...cut);
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'the cut-off members unhealthy');
    await run.wait('10m');
    for (const w of cut) {
      const state = (await run.member(w))?.state;
      run.check(state === 'unhealthy', `${w} is ${state} while the guard should hold it unhealthy`);
    }
    const requeued = (await run.jobs()).filter((j) => j.attempt > 1);
    run.check(requeued.length === 0, `${requeued.length} job(s) were requeued during the mass partition`);
    await run.heal(...cut);
    for (const w of cut) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '2m', `${w} recovered`);
  },
});

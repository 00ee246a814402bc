// A drain that runs out of time: the job outlives drainTimeout, so the worker deregisters with
// force; the registry requeues the job and another worker runs it. No job is lost.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'force-deregistration',
  summary: 'drain timeout with a long job: forced deregistration, the job moves on',
  workers: [{ name: 'w1', capacity: 1 }, { name: 'w2', capacity: 1 }],
  worker: { drainTimeoutMs: 30_000 },
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const [job] = await run.submitJobs(1, '10m');
    await run.until(async () => (await run.member('w1'))?.jobs === 1, '30s', 'the job on w1');
    await run.wait('5s');
    await run.start('w2');
    await run.stop('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'inactive', '2m', 'w1 deregistered by force');
    await run.until(async () => (await run.jobs()).find((j) => j.id === job)?.memberId === 'w2', '1m', 'the job requeued to w2');
    run.check((await run.jobs()).find((j) => j.id === job)?.attempt === 2, 'the job should be on its second attempt');
  },
});

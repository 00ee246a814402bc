// Workers die with jobs on them: every job of a failed member is requeued to a live one, and
// by the end every job has finished. No job is lost (at-least-once execution).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'job-requeue-on-worker-failure',
  summary: '12 jobs on 4 workers, 2 workers killed: every job still finishes',
  workers: [
    { name: 'w1', capacity: 3 },
    { name: 'w2', capacity: 3 },
    { name: 'w3', capacity: 3 },
    { name: 'w4', capacity: 3 },
  ],
  async script(run) {
    await run.start(...run.workers);
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    const jobs = await run.submitJobs(12, '4m');
    await run.wait('30s');
    await run.crash('w1', 'w2');
    await run.until(async () => (await run.jobs()).filter((j) => jobs.includes(j.id)).every((j) => j.state === 'succeeded'), '30m', 'every job finished');
    const retried = (await run.jobs()).filter((j) => j.attempt > 1).length;
    run.figure('jobs retried', retried, 'count');
    run.check(retried > 0, 'the killed workers had jobs: some should have been retried');
  },
});

// SIGTERM with running jobs: the worker drains — it takes no new job, its running ones finish —
// then deregisters; its member ends inactive (gracefully), and is not dialled again.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'graceful-drain-with-jobs',
  summary: 'SIGTERM during jobs: draining, jobs finish, deregistered, inactive',
  workers: [{ name: 'w1', capacity: 2 }],
  worker: { drainTimeoutMs: 5 * 60_000 },
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const jobs = await run.submitJobs(2, '1m');
    await run.until(async () => (await run.member('w1'))?.jobs === 2, '30s', 'both jobs assigned');
    await run.wait('5s');
    await run.stop('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'active.draining', '1m', 'w1 draining');
    const late = await run.submitJobs(1, '10s');
    await run.until(async () => (await run.member('w1'))?.state === 'inactive', '3m', 'w1 deregistered');
    const all = await run.jobs();
    for (const id of jobs) run.check(all.find((j) => j.id === id)?.state === 'succeeded', `${id} did not finish before deregistration`);
    run.check(all.find((j) => j.id === late[0])?.state === 'queued', 'a job was given to a draining worker');
    await run.until(async () => ['stopped', 'down'].includes(await run.workerState('w1')), '1m', 'the worker process to stop');
  },
});

// A worker killed and restarted at once while it runs a job (docs/behaviour.md §1 Registration, §3 Jobs): it
// registers again before the registry judged it, so its new session begins while the member
// still holds the old session's job. The job goes back to the queue and runs again, on the new
// session (`jobs-follow-their-session` names a job left on the old one).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'restart-with-jobs',
  summary: 'a worker killed and restarted mid-job opens a new session; its job is requeued to that session',
  workers: [{ name: 'w1', capacity: 1 }],
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const [job] = await run.submitJobs(1, '10m');
    await run.until(async () => (await run.member('w1'))?.jobs === 1, '30s', 'the job on w1');
    const before = (await run.member('w1'))?.epoch ?? 0;
    await run.crash('w1');
    await run.restart('w1');
    await run.until(async () => ((await run.member('w1'))?.epoch ?? 0) > before, '5m', 'w1 in a new session');
    await run.until(async () => ((await run.jobs()).find((j) => j.id === job)?.attempt ?? 0) >= 2, '5m', 'the job attempted again');
  },
});

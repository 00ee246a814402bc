// The registry restarts with its database kept: every member is still there with its ID, and
// the restart grace keeps anyone from being judged before the workers find it again.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'registry-restart',
  summary: 'registry down 1m and back with its store: every member kept, nobody evicted',
  workers: 5,
  async script(run) {
    await run.start(...run.workers);
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    const ids = await Promise.all(run.workers.map(async (w) => (await run.member(w))!.id));
    await run.submitJobs(3, '10m');
    await run.crashRegistry();
    await run.wait('1m');
    await run.restartRegistry();
    for (const [i, w] of run.workers.entries()) {
      const member = await run.member(w);
      run.check(member?.id === ids[i], `${w} lost its record across the restart`);
    }
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '3m', `${w} active after the restart`);
    for (const w of run.workers) run.check((await run.member(w))?.state !== 'failed', `${w} was failed after the registry restart`);
    const jobs = await run.jobs();
    run.check(jobs.length === 3, `expected 3 jobs after the restart, found ${jobs.length}`);
  },
});

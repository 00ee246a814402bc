// A slow link: one worker's bandwidth drops to a trickle that still carries heartbeats in time.
// Its heartbeats are slow but arrive, so it is never suspected; jobs still reach it.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'slow-link',
  summary: 'a 2 KB/s link: heartbeats slow but in time, nobody suspected, jobs still run',
  workers: [{ name: 'w1', capacity: 2 }],
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    await run.bandwidth(['w1'], 2);
    const jobs = await run.submitJobs(2, '20s');
    for (let t = 0; t < 6; t++) {
      await run.wait('30s');
      const state = (await run.member('w1'))?.state ?? 'unknown';
      run.check(state.startsWith('active'), `w1 was ${state} on a slow but working link`);
    }
    await run.until(async () => (await run.jobs()).filter((j) => jobs.includes(j.id)).every((j) => j.state === 'succeeded'), '5m', 'the jobs to finish over the slow link');
    await run.clearFaults('w1');
  },
});

// Calls no worker makes (docs/behaviour.md §1 Heartbeats, Deregistration; §3), forged in the
// simulator with w1's ID while it runs a job: a heartbeat with a wrong token, one naming the
// session before w1's current one, a deregistration without force and a result of w1's job
// naming an attempt the job is not on (§3); then a heartbeat with a
// wrong token of w2's session after w2 crashed and failed. Each must be refused
// (`forged-calls-refused`, `deregistration-honours-force`), and w1 keeps its session and job.
// Simulator only: forging needs the session token the registry issued.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'forged-calls',
  summary: 'forged heartbeats, a deregistration without force and a result of another attempt while a job runs are refused',
  workers: [{ name: 'w1', capacity: 1 }, { name: 'w2' }],
  modes: ['sim'],
  async script(run) {
    const active = async (name: string) => (await run.member(name))?.state.startsWith('active') ?? false;
    await run.start('w1');
    await run.until(() => active('w1'), '1m', 'w1 active');
    await run.submitJobs(1, '10m');
    await run.until(async () => (await run.member('w1'))?.jobs === 1, '30s', 'the job on w1');
    await run.start('w2');
    await run.until(() => active('w2'), '1m', 'w2 active');
    await run.crash('w2');
    for (const call of ['wrong-token', 'old-session', 'deregister-without-force', 'other-attempt'] as const) await run.forgeCall('w1', call);
    await run.until(async () => (await run.member('w2'))?.state === 'failed', '10m', 'w2 failed');
    await run.forgeCall('w2', 'wrong-token');
    const w1 = await run.member('w1');
    run.check(w1?.epoch === 1 && w1.jobs === 1, `w1 should keep session 1 and its job (epoch ${w1?.epoch}, ${w1?.jobs} job(s))`);
  },
});

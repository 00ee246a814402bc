// A worker frozen (SIGSTOP) until the registry fails it, then resumed while the registry's
// dial-ins to it are in flight: its own re-registration and the dial-ins landing must make one
// new session, and its jobs must be requeued once. They made sessions 2, 3 and 4 within 50 ms,
// each requeueing the last one's jobs (issue #16).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'frozen-worker-returns',
  summary: 'a worker frozen until failed is resumed with dial-ins in flight: one new session, its jobs requeued once',
  workers: [{ name: 'w1', capacity: 2 }],
  // Dials every 10 s, each given 30 s: when the worker wakes, two or three are in flight.
  registry: {
    heartbeatIntervalMs: 5_000, unhealthyAfterMs: 15_000, failedAfterMs: 10_000, healthCheckIntervalMs: 5_000,
    reconnectIntervalMs: 10_000, reconnectBackoffMaxMs: 10_000, dialTimeoutMs: 30_000, cleanupAfterMs: 3_600_000,
  },
  realScale: 0.1,
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const jobs = await run.submitJobs(2, '1h');
    await run.until(async () => (await run.jobs()).filter((j) => jobs.includes(j.id)).every((j) => j.state === 'assigned'), '1m', 'both jobs on w1');
    const before = (await run.member('w1'))!;
    await run.pause('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'failed', '2m', 'w1 failed');
    await run.wait('25s');
    run.figure('dials in flight at resume', await run.dialSockets('w1'), 'count');
    await run.resume('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active again');
    await run.wait('1m'); // whatever was still on its way has landed
    const after = (await run.member('w1'))!;
    run.figure('sessions opened by the return', after.epoch - before.epoch, 'count');
    const attempts = (await run.jobs()).filter((j) => jobs.includes(j.id)).map((j) => j.attempt);
    run.check(attempts.every((a) => a === 2), `each job should have been requeued once, attempts: ${attempts.join(', ')}`);
  },
});

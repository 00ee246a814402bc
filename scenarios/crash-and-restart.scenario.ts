// A worker is killed (SIGKILL): the registry notices — unhealthy, then failed — and when the
// worker comes back it re-registers under the same ID with a new epoch.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'crash-and-restart',
  summary: 'SIGKILL a worker; detected unhealthy then failed; restarted, it keeps its ID',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const before = (await run.member('w1'))!;
    await run.wait('1m');
    const crashedAt = run.elapsed();
    await run.crash('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '5m', 'w1 unhealthy');
    run.figure('detect unhealthy', run.elapsed() - crashedAt, 'ms');
    await run.until(async () => (await run.member('w1'))?.state === 'failed', '5m', 'w1 failed');
    run.figure('detect failed', run.elapsed() - crashedAt, 'ms');
    const restartedAt = run.elapsed();
    await run.restart('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active again');
    run.figure('recover', run.elapsed() - restartedAt, 'ms');
    const after = (await run.member('w1'))!;
    run.check(after.id === before.id, `w1 came back as ${after.id}, not ${before.id}`);
    run.check(after.epoch > before.epoch, `w1 came back on its old session (epoch ${after.epoch})`);
    await run.wait('1m');
  },
});

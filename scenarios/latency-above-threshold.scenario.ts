// A latency spike above the unhealthy threshold: every message takes longer than
// unhealthyAfter to arrive, so the registry hears nothing in time and suspects the member; when
// the latency goes away, it recovers without re-registering.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'latency-spike-above-threshold',
  summary: '2m30s of latency (past the 2m threshold): unhealthy, then active once it clears',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    await run.latency(['w1'], '2m30s');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '5m', 'w1 unhealthy');
    await run.clearFaults('w1');
    const clearedAt = run.elapsed();
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '3m', 'w1 active again');
    run.figure('clear → active', run.elapsed() - clearedAt, 'ms');
  },
});

// A worker is cut off from the registry for longer than unhealthyAfter, then the network heals:
// the member goes unhealthy, then recovers to active on its next heartbeat — no re-registration.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'network-interruption-and-heal',
  summary: 'a 2m30s partition: unhealthy, then back to active when the link heals',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    await run.partition('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy');
    await run.wait('30s');
    const healedAt = run.elapsed();
    await run.heal('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '2m', 'w1 active after heal');
    run.figure('heal → active', run.elapsed() - healedAt, 'ms');
    for (const w of ['w2', 'w3']) run.check((await run.member(w))?.state.startsWith('active') ?? false, `${w} should not have been touched`);
  },
});

// A worker is cut off from the registry for longer than unhealthyAfter, then the network heals:
// the member goes unhealthy, then recovers to active on its next heartbeat — no re-registration.
// Then a cut longer than unhealthyAfter + failedAfter: the member fails, and when the link heals
// the worker is told its session is gone and registers again (docs/behaviour.md §1 Heartbeats;
// forgotten-worker-registers-again names a worker left on its dead session).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'network-interruption-and-heal',
  summary: 'a 2m30s partition: unhealthy, then back to active when the link heals; a 6m one: failed, then a new session',
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
    const epoch = (await run.member('w1'))!.epoch;
    await run.partition('w1');
    await run.wait('6m');
    run.check((await run.member('w1'))?.state === 'failed', `w1 is ${(await run.member('w1'))?.state} after 6m cut off, not failed`);
    await run.heal('w1');
    // Waited out rather than awaited, so that a worker left on its dead session is judged by the invariant.
    await run.wait('3m');
    const back = (await run.member('w1'))!;
    run.check(back.state.startsWith('active') && back.epoch > epoch, `after the long cut w1 is ${back.state} at epoch ${back.epoch}`);
  },
});

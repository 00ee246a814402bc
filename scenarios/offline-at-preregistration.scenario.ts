// Seed 000: an operator pre-registers a worker that is not up yet; it does not know the
// registry. When it comes up, the reconnect monitor dials it within the reconnect interval and
// it registers under the pre-registered ID.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'offline-at-preregistration',
  summary: 'pre-registered while down, dialled in by the reconnect monitor once up',
  workers: [{ name: 'w1', attachOnly: true }, { name: 'w2' }],
  // The monitor's backoff between failed dials (10 min by default) grows while w1 is down, so
  // how soon a dial follows w1's start depends on how long it took to come up: a worker
  // process of one's own (--worker-command) takes a second or two, minutes at scale 0.01.
  // Capped at 1 min, a dial follows within the 1m30s this scenario allows, however long that was.
  registry: { reconnectBackoffMaxMs: 60_000 },
  async script(run) {
    await run.start('w2');
    await run.preRegister('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'registered', '10s', 'w1 pre-registered');
    await run.wait('2m');
    const upAt = run.elapsed();
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m30s', 'w1 dialled in and active');
    run.figure('up → active', run.elapsed() - upAt, 'ms');
    run.check((await run.member('w1'))?.id === 'w1', 'w1 registered under another ID than the pre-registered one');
  },
});

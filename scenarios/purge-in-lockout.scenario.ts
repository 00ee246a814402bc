// A member purged while impostors hold its ID locked out (docs/behaviour.md §1 Registration,
// §2 Retries): its worker, told to register again, can no longer show a secret the registry
// knows, so it is refused as locked out with a retry-after, waits at least that long, and is
// back once the lock-out ends (`retry-after-honoured` names a worker that came back sooner).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'purge-in-lockout',
  summary: 'a member purged during an impostor lock-out: its worker waits the retry-after, then returns',
  workers: 1,
  registry: { registrationLockoutMs: 120_000 },
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    for (let i = 0; i < 3; i++) await run.registerImpostor('w1');
    await run.unregister('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '5m', 'w1 back after the lock-out');
  },
});

// Several workers are down at once for a while, then all come back: every one of them is
// detected, and every one returns under its own ID.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'several-offline-then-up',
  summary: 'four of six workers down together, then all back under their IDs',
  workers: 6,
  async script(run) {
    await run.start(...run.workers);
    const down = ['w1', 'w2', 'w3', 'w4'];
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} active`);
    await run.crash(...down);
    for (const w of down) await run.until(async () => (await run.member(w))?.state === 'failed', '10m', `${w} failed`);
    await run.restart(...down);
    for (const w of down) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '1m', `${w} back`);
    for (const w of down) run.check(((await run.member(w))?.epoch ?? 0) >= 2, `${w} should be on a new session`);
  },
});

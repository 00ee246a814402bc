// The registry crashes in the middle of a registration storm: twenty workers boot at once, the
// registry dies while they register, and comes back. Every worker ends up registered exactly
// once under its own ID; nothing acknowledged is lost.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'registry-crash-during-registration-storm',
  summary: '20 workers register at once; the registry crashes mid-storm and restarts',
  workers: 20,
  async script(run) {
    await run.start(...run.workers);
    await run.wait('5ms');
    await run.crashRegistry();
    await run.wait('20s');
    await run.restartRegistry();
    for (const w of run.workers) await run.until(async () => (await run.member(w))?.state.startsWith('active') ?? false, '3m', `${w} active`);
    for (const w of run.workers) run.check((await run.member(w))?.id === w, `${w} registered under another ID`);
  },
});

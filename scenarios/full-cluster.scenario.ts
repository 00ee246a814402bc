// A full cluster (docs/behaviour.md §1 Registration, Capacity): with maxMembers 2, a third
// worker is refused (resource_exhausted) and keeps retrying; once an operator removes a member,
// it joins. `members-within-limit` counts the members the log shows against maxMembers.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'full-cluster',
  summary: 'maxMembers 2: a third worker is refused until an operator removes a member',
  workers: 3,
  registry: { maxMembers: 2 },
  async script(run) {
    const active = async (name: string) => (await run.member(name))?.state.startsWith('active') ?? false;
    await run.start('w1', 'w2');
    await run.until(async () => (await active('w1')) && (await active('w2')), '1m', 'w1 and w2 active');
    await run.start('w3');
    await run.wait('3m');
    run.check((await run.member('w3')) === undefined, 'a full cluster should refuse w3');
    await run.crash('w1');
    await run.unregister('w1');
    await run.until(() => active('w3'), '2m', 'w3 active once w1 was removed');
  },
});

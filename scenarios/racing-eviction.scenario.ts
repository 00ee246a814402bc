// Registry replicas (issue #9): two replicas race to evict one dead worker. The leader is cut
// off from the database just as the worker's deadline runs out, so its eviction is written but
// held on the way; the standby takes over and evicts the worker itself; then the cut heals and
// the old write arrives, carrying the old (holder, epoch): the database refuses it. The worker
// moves to unhealthy exactly once (the no-double-transition invariant checks the log).
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'racing-eviction',
  summary: '2 replicas: the leader evicts a dead worker while cut off from the database, the next leader too; exactly one transition',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    await activeOnLeader(run, '2m');
    const first = (await run.leader())!;
    await run.crash('w1');
    // Unhealthy-after is 2m: cut the leader off 2 s before it runs out, so it decides while cut.
    await run.wait('118s');
    await run.cutFromDatabase(first.name);
    const next = await leaderChange(run, first, '1m');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '2m', `${next.name} to find w1 unhealthy`);
    await run.healDatabase(first.name);
    await run.wait('30s');
    run.check((await run.leader())?.name === next.name, `${next.name} no longer leads after ${first.name} was healed`);
    await run.until(async () => (await run.member('w1'))?.state === 'failed', '5m', 'w1 failed');
    for (const w of ['w2', 'w3']) run.check((await run.member(w))?.state.startsWith('active') ?? false, `${w} is not active`);
  },
}));

// Registry replicas (issue #9): the leader loses the database but not its workers (a silent
// partition between them). It cannot renew, so its own watchdog stops it serving before the
// lease can expire; a replica that reaches the database leads, the workers follow, nobody is
// evicted; healed, the old leader stays a standby.
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'replica-cut-from-database',
  summary: '3 replicas: the leader is cut off from the database; another leads, workers follow, nobody evicted',
  workers: 4,
  replicas: 3,
  async script(run) {
    await run.start(...run.workers);
    const before = await activeOnLeader(run, '2m');
    const first = (await run.leader())!;
    const cutAt = run.elapsed();
    await run.cutFromDatabase(first.name);
    const next = await leaderChange(run, first, '1m');
    run.figure('failover', run.elapsed() - cutAt, 'ms');
    run.check(next.name !== first.name, `${first.name} still leads while cut off from the database`);
    const after = await activeOnLeader(run, '3m');
    for (const w of run.workers) run.check(after.get(w)?.epoch === before.get(w)?.epoch, `${w} had to register again (epoch ${before.get(w)?.epoch} → ${after.get(w)?.epoch})`);
    await run.healDatabase(first.name);
    await run.wait('3m');
    run.check((await run.leader())?.name === next.name, `leadership moved again after ${first.name} was healed`);
    await activeOnLeader(run, '10s');
  },
}));

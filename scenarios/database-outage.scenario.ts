// Registry replicas (issue #9): the database first stalls (statements hang) and then goes down
// (connections refused), each for longer than the lease. The leader steps down when it can no
// longer renew; heartbeats meanwhile cannot be written, yet when the database is back the next
// leader starts with the restart grace and judges nobody by the outage: no mass eviction.
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'database-outage',
  summary: '2 replicas: database stalled 30s, then down 30s; the leader steps down each time, no worker is evicted after',
  workers: 4,
  async script(run) {
    await run.start(...run.workers);
    await activeOnLeader(run, '2m');
    for (const [fault, act] of [['stalled', () => run.stallDatabase()], ['down', () => run.stopDatabase()]] as const) {
      const before = (await run.leader())!;
      await act();
      await run.until(async () => (await run.leader()) === undefined, '1m', `the leader to step down while the database is ${fault}`);
      await run.wait('20s');
      await run.resumeDatabase();
      await leaderChange(run, before, '1m');
      await activeOnLeader(run, '2m');
    }
    // Past unhealthy-after (2m) from the outages: nobody was judged by them.
    const watchUntil = run.elapsed() + 3 * 60_000;
    while (run.elapsed() < watchUntil) {
      for (const w of run.workers) {
        const state = (await run.member(w))?.state ?? 'not served';
        run.check(state.startsWith('active'), `${w} is ${state} after the database came back`);
      }
      await run.wait('15s');
    }
  },
}));

// Registry replicas (issue #9): a worker's link flaps around its eviction deadline — down a
// little less, then a little more, than unhealthy-after — while the leader changes under it.
// Whatever happens it is never moved to the same state twice in one session, and it ends
// active with its ID.
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'replica-flapping-worker',
  summary: '2 replicas: a worker flaps around unhealthy-after while the leader is killed; never evicted twice, active at the end',
  workers: 2,
  async script(run) {
    await run.start(...run.workers);
    const before = await activeOnLeader(run, '2m');
    for (const [i, outage] of ['110s', '130s', '125s', '115s'].entries()) {
      await run.partition('w1');
      await run.wait(outage);
      if (i === 1) {
        const leader = (await run.leader())!;
        await run.crashReplica(leader.name);
        await leaderChange(run, leader, '1m');
        await run.restartReplica(leader.name);
      }
      await run.heal('w1');
      await run.wait('40s');
    }
    const after = await activeOnLeader(run, '5m');
    run.check(after.get('w1')?.id === before.get('w1')?.id, `w1 came back as ${after.get('w1')?.id}`);
  },
}));

// Registry replicas (issue #9): the leader is SIGSTOPped for longer than its lease, then
// SIGCONTed. A standby takes over meanwhile; the resumed ex-leader still believes it leads and
// acts on its stale view (every worker silent for minutes), but its writes carry the old
// (holder, epoch) and the database refuses them: it steps down, and nobody is evicted.
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'leader-pause',
  summary: '2 replicas: SIGSTOP the leader past its lease, then SIGCONT; its writes are fenced and it steps down, nobody evicted',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    const before = await activeOnLeader(run, '2m');
    const first = (await run.leader())!;
    const pausedAt = run.elapsed();
    await run.pauseReplica(first.name);
    const next = await leaderChange(run, first, '1m');
    run.figure('failover', run.elapsed() - pausedAt, 'ms');
    await activeOnLeader(run, '3m');
    // Long enough that the paused leader's view of every worker is past unhealthy-after.
    await run.wait('3m');
    await run.resumeReplica(first.name);
    await run.wait('30s');
    const leader = await run.leader();
    run.check(leader?.name === next.name, `after the resume ${leader?.name ?? 'nobody'} leads, not ${next.name}`);
    const after = await activeOnLeader(run, '10s');
    for (const w of run.workers) {
      run.check(after.get(w)?.id === before.get(w)?.id, `${w} came back as ${after.get(w)?.id}, not ${before.get(w)?.id}`);
    }
  },
}));

// Registry replicas (issue #9): the leader is SIGKILLed. A standby takes the lease within the
// TTL and a renew interval, loads the cluster from the database, and the workers fail over to
// it along their endpoint lists with their IDs and sessions; no job is lost.
import { defineScenario } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, leaderChange, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'leader-crash',
  summary: '2 replicas: SIGKILL the leader; the standby leads within TTL + renew, workers keep their IDs, no job lost',
  workers: 3,
  async script(run) {
    await run.start(...run.workers);
    const before = await activeOnLeader(run, '2m');
    const jobs = await run.submitJobs(4, '2m');
    run.check(jobs.length === 4, `only ${jobs.length} of 4 jobs were accepted`);
    const first = (await run.leader())!;
    const crashedAt = run.elapsed();
    await run.crashReplica(first.name);
    const next = await leaderChange(run, first, '1m');
    run.figure('failover', run.elapsed() - crashedAt, 'ms');
    run.check(next.epoch > first.epoch, `the new leader's epoch ${next.epoch} is not above ${first.epoch}`);
    const after = await activeOnLeader(run, '3m');
    for (const w of run.workers) run.check(after.get(w)?.id === before.get(w)?.id, `${w} came back as ${after.get(w)?.id}, not ${before.get(w)?.id}`);
    await run.until(async () => (await run.jobs()).filter((j) => j.state === 'succeeded').length === jobs.length, '10m', 'every job to succeed on the new leader');
  },
}));

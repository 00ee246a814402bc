// Registry replicas (issue #9): the database turns slow for three minutes. Every statement and its
// answer are 0.5 s late each way: a round trip as long as the heartbeat flush interval, within
// the statement timeout. (Much slower and real connections cannot even be opened in time.)
// Heartbeats are held in the leader's memory and written behind, so a slow flush judges nobody:
// no worker turns unhealthy, and the leader keeps its lease (its renews are slow, not lost).
// Reads wait for the write queue, so one may be slow: each worker's state is read again until
// the leader answers (within 30 s) before it is judged.
import { defineScenario, type ScenarioRun } from '../runtime/chaos/scenario.ts';
import { activeOnLeader, replicated } from './support/replicas.ts';

export default defineScenario(replicated({
  name: 'database-latency',
  summary: '2 replicas: every database statement 0.5 s slower each way for 3m; nobody unhealthy, the leader keeps its lease',
  workers: 4,
  async script(run) {
    await run.start(...run.workers);
    await activeOnLeader(run, '2m');
    const leader = (await run.leader())!;
    await run.databaseLatency('500ms');
    const until = run.elapsed() + 3 * 60_000;
    while (run.elapsed() < until) {
      for (const w of run.workers) {
        const state = await stateOn(run, w);
        run.check(state.startsWith('active'), `${w} is ${state} while the database is slow`);
      }
      await run.wait('10s');
    }
    await run.databaseLatency(0);
    await run.wait('1m');
    const after = await run.leader();
    run.check(after?.name === leader.name && after.epoch === leader.epoch, `the lead moved (${leader.name} epoch ${leader.epoch} → ${after?.name ?? 'nobody'} epoch ${after?.epoch ?? '-'})`);
    await activeOnLeader(run, '10s');
  },
}));

async function stateOn(run: ScenarioRun, worker: string): Promise<string> {
  let state = 'not served';
  await run.until(async () => {
    state = (await run.member(worker))?.state ?? state;
    return state !== 'not served';
  }, '30s', `the leader to answer for ${worker}`);
  return state;
}

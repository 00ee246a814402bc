// The registration lands but its reply is lost (reset on the reply path): the worker retries,
// and the retry is a re-registration of the same worker — same ID, one member, no 409.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'lost-registration-reply',
  summary: 'replies lost while registering: the retry gets the same ID, one member',
  workers: 2,
  async script(run) {
    await run.loseReplies('w1');
    await run.start(...run.workers);
    // Real mode holds replies back for three RPC timeouts, and the connection's own set-up
    // crosses that path too: the request lands a little after that much.
    await run.until(async () => (await run.member('w1')) !== undefined, '2m', 'w1 registered (reply lost)');
    run.check((await run.workerState('w1')) !== 'active', 'w1 should not know it registered');
    // The retry is a re-registration: wait for it to land (a new epoch) before the replies flow
    // again. Clearing sooner could release the first reply within the worker's RPC deadline
    // (real mode keeps that deadline at 300 ms or more), and then there is no retry at all.
    await run.until(async () => ((await run.member('w1'))?.epoch ?? 0) >= 2, '2m', 'w1 retried, as a re-registration');
    await run.clearFaults('w1');
    await run.until(async () => (await run.workerState('w1')) === 'active', '2m', 'w1 active');
    const member = (await run.member('w1'))!;
    run.check(member.id === 'w1', `w1 registered as ${member.id}`);
    run.check(member.epoch >= 2, `the retry should have been a re-registration (epoch ${member.epoch})`);
  },
});

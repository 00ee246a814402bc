// A worker wedges: stopped (SIGSTOP), its port still accepts connections and nothing answers.
// The registry fails it and dials it again and again; each dial must give its connection back
// when it ends, and unregistering the member must end the dial in flight. A wedged worker's
// address used to keep one registry socket per dial until the registry exited (issue #16).
import { defineScenario, type ScenarioRun } from '../runtime/chaos/scenario.ts';

const active = (run: ScenarioRun, name: string) => async () => (await run.member(name))?.state.startsWith('active') ?? false;

export default defineScenario({
  name: 'wedged-worker',
  summary: 'a stopped worker accepts TCP and never answers: over a dozen dials the registry keeps no connection past a dial, none once it is unregistered',
  workers: 2,
  // Dials every 10 s, each given 5 s; real mode at 1/10 keeps the dial-in above its floor.
  registry: { heartbeatIntervalMs: 5_000, unhealthyAfterMs: 15_000, failedAfterMs: 10_000, healthCheckIntervalMs: 5_000, reconnectIntervalMs: 10_000, reconnectBackoffMaxMs: 10_000, dialTimeoutMs: 5_000 },
  realScale: 0.1,
  async script(run) {
    await run.start(...run.workers);
    for (const name of run.workers) await run.until(active(run, name), '1m', `${name} active`);
    await run.pause('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'failed', '2m', 'w1 failed');
    // Twenty looks over 140 s (a dozen reconnect rounds), 7 s apart so they fall in and between dials.
    let most = 0;
    for (let i = 0; i < 20; i++) {
      await run.wait('7s');
      most = Math.max(most, await run.dialSockets('w1'));
    }
    run.figure('most dial connections held', most, 'count');
    // The operator gives up on it while a dial is in flight: that dial ends with it.
    await run.until(async () => (await run.dialSockets('w1')) > 0, '1m', 'a dial-in to w1 in flight');
    await run.unregister('w1');
    await run.dialSockets('w1');
    await run.wait('30s');
    await run.dialSockets('w1');
    run.check((await run.member('w1')) === undefined, 'w1 should be gone after unregister');
    run.check(await active(run, 'w2')(), 'w2 should have stayed active');
  },
});

// Real mode with real processes: a registry, workers and a fault proxy spawned per run, at
// 1/100 of production time (or less), the merged log judged by the invariants.
import { describe, expect, it } from 'vitest';
import { defineScenario, type ScenarioRun } from '../../../../runtime/chaos/scenario.ts';
import { startProxyServer } from '../../../../runtime/proxy/proxy-server.ts';
import type { LogEntry } from '../../../../runtime/events/log-entry.ts';
import { childPids, refused, run } from './real-run.ts';

// Production settings a little shorter than the defaults, so each run takes a few seconds at 0.01.
const quick = {
  registry: { heartbeatIntervalMs: 20_000, unhealthyAfterMs: 60_000, failedAfterMs: 60_000, healthCheckIntervalMs: 30_000, restartGraceMs: 60_000 },
};

const crashAndRestart = defineScenario({
  name: 'crash-and-restart',
  summary: 'a crashed worker is detected, and comes back under its own ID',
  workers: 2,
  ...quick,
  async script(run) {
    await run.start('w1', 'w2');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') === true, '3m', 'w1 active');
    await run.until(async () => (await run.workerState('w1')) === 'active', '1m', 'the w1 process active');
    const before = (await run.member('w1'))!.id;
    // Timed from the SIGKILL: crash() also waits for the process to be gone, which on a loaded
    // machine took long enough (~0.2 s real) to make detection read 21.6 s.
    const crashedAt = run.elapsed();
    await run.crash('w1');
    run.check((await run.workerState('w1')) === 'down', 'w1 is down after the crash');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy');
    run.figure('unhealthy after', run.elapsed() - crashedAt, 'ms');
    await run.restart('w1');
    await run.until(async () => (await run.workerState('w1')) === 'active', '3m', 'w1 active again');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') === true, '3m', 'w1 an active member again');
    run.check((await run.member('w1'))?.id === before, `w1 keeps its ID ${before}`);
    run.check((await run.member('w2'))?.state.startsWith('active') === true, 'w2 was left alone');
  },
});

const partitionAndHeal = defineScenario({
  name: 'partition-and-heal',
  summary: 'a cut-off worker goes unhealthy, and active again once healed',
  workers: 1,
  ...quick,
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') === true, '3m', 'w1 active');
    await run.partition('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy');
    await run.heal('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') === true, '4m', 'w1 active after the heal');
    // The registry hears the resumed heartbeats a moment before the worker reads their ack.
    await run.until(async () => (await run.workerState('w1')) === 'active', '1m', 'the w1 process active again');
    run.check((await run.member('w1'))?.id === 'w1', 'w1 kept its ID through the partition');
  },
});

/** The processes this test process started (but not the `ps` that lists them). */
const activeBoth = (run: ScenarioRun, name: string) =>
  run.until(async () => (await run.member(name))?.state.startsWith('active') === true && (await run.workerState(name)) === 'active', '3m', `${name} active`);

const operations = defineScenario({
  name: 'operations',
  summary: 'an attach-only worker, jobs, a registry restart, a fault on the dialled-in worker, a stop, an impostor',
  workers: [{ name: 'w1', capacity: 2 }, { name: 'a1', attachOnly: true }],
  ...quick,
  async script(run) {
    await run.start('w1', 'a1');
    await run.preRegister('a1');
    await activeBoth(run, 'w1');
    await activeBoth(run, 'a1');
    const ids = await run.submitJobs(3, '20s');
    await run.until(async () => (await run.jobs()).filter((j) => j.state === 'succeeded').length === 3, '3m', 'jobs done');
    await run.crashRegistry();
    run.check((await run.member('w1')) === undefined, 'no member while the registry is down');
    await run.wait('20s');
    await run.restartRegistry();
    run.check((await run.jobs()).map((j) => j.id).join() === ids.join(), 'the jobs survive the restart');
    await activeBoth(run, 'a1');
    // The dialled-in worker's heartbeats go through its proxy too (--registry-via).
    await run.partition('a1');
    await run.until(async () => (await run.member('a1'))?.state === 'unhealthy', '4m', 'a1 unhealthy');
    await run.clearFaults('a1');
    await activeBoth(run, 'a1');
    await run.stop('w1');
    // stop() sends SIGTERM and returns, as in the simulator: the drain is watched, not awaited.
    await run.until(async () => (await run.workerState('w1')) === 'down', '1m', 'w1 down after its stop');
    run.check((await run.member('w1'))?.state === 'inactive', 'w1 deregistered');
    const code = await run.registerImpostor('w1');
    run.check(code === 'permission_denied', `an impostor for w1 is refused (got ${code})`);
    await run.unregister('a1');
    run.check((await run.member('a1')) === undefined, 'a1 is gone');
  },
});

const linkFaults = defineScenario({
  name: 'link-faults',
  summary: 'resets and a black hole make a worker unhealthy; cleared, it comes back; a little latency does nothing',
  workers: 1,
  ...quick,
  async script(run) {
    await run.start('w1');
    await activeBoth(run, 'w1');
    await run.latency(['w1'], '1s', '200ms');
    await run.wait('1m');
    run.check((await run.member('w1'))?.state.startsWith('active') === true, 'w1 stays active under 1 s of latency');
    await run.resetPeer('w1');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy under resets');
    await run.clearFaults('w1');
    await activeBoth(run, 'w1');
    await run.blackhole(['w1'], '20s');
    await run.until(async () => (await run.member('w1'))?.state === 'unhealthy', '4m', 'w1 unhealthy in a black hole');
    await run.clearFaults('w1');
    await activeBoth(run, 'w1');
  },
});

/** Whether `steps` appear in `log` in this order (others may come between). */
function inOrder(log: readonly LogEntry[], steps: readonly Partial<LogEntry>[]): number {
  let next = 0;
  for (const entry of log) {
    const step = steps[next];
    if (step && Object.entries(step).every(([k, v]) => entry[k] === v)) next++;
  }
  return next;
}

describe('runRealScenario', () => {
  it('runs a crash and a restart: detected, same ID, invariants hold, nothing left running', async () => {
    const before = childPids();
    const { result, ports } = await run(crashAndRestart);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.mode).toBe('real');
    const detected = result.figures['unhealthy after']!;
    expect(detected.unit).toBe('ms');
    // Production time: unhealthyAfter (60 s) after the last heartbeat, which came up to one
    // interval (20 s) before the crash; within unhealthyAfter + a health check + slack.
    expect(detected.value).toBeGreaterThan(35_000);
    expect(detected.value).toBeLessThan(150_000);
    expect(result.scenarioMs).toBeGreaterThan(detected.value);
    const steps = [
      { type: 'worker', node: 'w1', to: 'starting' },
      { type: 'worker', node: 'w1', to: 'registering' },
      { type: 'member', id: 'w1', to: 'active.idle' },
      { type: 'worker', node: 'w1', to: 'active' },
      { type: 'fault.crash', node: 'w1', id: 'w1' },
      { type: 'worker', node: 'w1', to: 'down' },
      { type: 'member', id: 'w1', to: 'unhealthy' },
      { type: 'fault.restart', node: 'w1' },
      { type: 'worker', node: 'w1', to: 'starting' },
      { type: 'worker', node: 'w1', id: 'w1', to: 'active' },
    ];
    expect(inOrder(result.log, steps)).toBe(steps.length);
    expect(result.log.map((e) => e.t)).toEqual(result.log.map((e) => e.t).sort((a, b) => a - b));
    expect(result.log.every((e) => Number.isInteger(e.t) && e.t <= result.scenarioMs)).toBe(true);
    expect(childPids()).toEqual(before);
    expect(ports).toHaveLength(2);
    for (const port of ports) expect(await refused(port)).toBe(true);
  });

  it('runs a partition and its heal: the member goes unhealthy and comes back', async () => {
    const { result } = await run(partitionAndHeal);
    expect(result.failures).toEqual([]);
    const steps = [
      { type: 'fault.partition', forMs: 0 },
      { type: 'member', id: 'w1', to: 'unhealthy' },
      { type: 'fault.heal' },
      { type: 'member', id: 'w1', to: 'active.idle' },
    ];
    expect(inOrder(result.log, steps)).toBe(steps.length);
    expect(result.log.find((e) => e.type === 'fault.partition')!.nodes).toEqual(['w1']);
  });

  it('runs the operations: attach-only worker, jobs, registry restart, faults, stop, impostor, unregister', async () => {
    const { result } = await run(operations);
    expect(result.failures).toEqual([]);
    const steps = [
      { type: 'reconnect.succeeded', id: 'a1' },
      { type: 'job', state: 'succeeded' },
      { type: 'registry.crashed' },
      { type: 'registry.restarted', members: 2, jobs: 3 },
      { type: 'fault.partition', forMs: 0 },
      { type: 'member', id: 'a1', to: 'unhealthy' },
      { type: 'fault.clear' },
      { type: 'member', id: 'w1', to: 'inactive' },
      { type: 'worker', node: 'w1', to: 'down' },
      { type: 'member.removed', id: 'a1' },
    ];
    expect(inOrder(result.log, steps)).toBe(steps.length);
    expect(result.log.filter((e) => e.type === 'job' && e.state === 'assigned').every((e) => e.member === 'w1' || e.member === 'a1')).toBe(true);
  });

  it('maps latency, resets and black holes to toxics, on an external server named by TOXIPROXY_URL', async () => {
    const server = await startProxyServer({ host: '127.0.0.1', port: 0 });
    const proxies = () => fetch(`${server.url}/proxies`).then((r) => r.json() as Promise<Record<string, unknown>>);
    process.env.TOXIPROXY_URL = server.url;
    try {
      const { result, lines } = await run(linkFaults);
      expect(result.failures).toEqual([]);
      expect(lines[0]).toContain(`proxies at ${server.url}`);
      const faults = result.log.filter((e) => e.type.startsWith('fault.')).map((e) => [e.type, e.nodes]);
      expect(faults).toEqual([
        ['fault.latency', ['w1']],
        ['fault.reset', ['w1']],
        ['fault.clear', ['w1']],
        ['fault.blackhole', ['w1']],
        ['fault.clear', ['w1']],
      ]);
      expect(result.log.find((e) => e.type === 'fault.latency')).toMatchObject({ latencyMs: 1000, jitterMs: 200 });
      expect(result.log.find((e) => e.type === 'fault.blackhole')).toMatchObject({ afterMs: 20_000 });
      expect(await proxies()).toEqual({}); // the run removed its own
    } finally {
      delete process.env.TOXIPROXY_URL;
      await server.close();
    }
  });
});

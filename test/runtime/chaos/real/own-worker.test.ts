// A user's own worker process under real-mode chaos (`workerCommand`): what the harness hands
// it, how it judges it ready, and the example worker (examples/chaos-worker.js, which embeds
// `startWorker` from the built package) through a subset of the scenario library.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRealScenario } from '../../../../runtime/chaos/real/run-real-scenario.ts';
import { defineScenario, type ScenarioRun } from '../../../../runtime/chaos/scenario.ts';
import { scenarios } from '../../../../scenarios/index.ts';

const root = join(import.meta.dirname, '../../../..');
const startOnly = defineScenario({ name: 'start-only', summary: 'starts w1', workers: 1, invariants: [], script: (run) => run.start('w1') });

/** A worker that prints nothing: it writes its environment beside its state dir and serves /health. */
const SILENT_WORKER = `
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ROLLCALL_')));
writeFileSync(process.env.ROLLCALL_CHAOS_STATE_DIR + '.env.json', JSON.stringify(env));
createServer((_, res) => res.end('{"status":"ok"}')).listen(Number(process.env.ROLLCALL_CHAOS_HTTP_PORT), '127.0.0.1');
`;

describe('a worker command of the user', () => {
  it('is ready once its health endpoint answers, and is handed the run in ROLLCALL_ variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-own-worker-'));
    writeFileSync(join(dir, 'silent.mjs'), SILENT_WORKER);
    const result = await runRealScenario(startOnly, { seed: 1, workDir: dir, keepDir: true, workerCommand: `node ${join(dir, 'silent.mjs')}` });
    expect(result.failures).toEqual([]);
    expect(result.log.filter((e) => e.type === 'worker' && e.node === 'w1').map((e) => e.to)).toEqual(['starting']);
    const runDir = join(dir, readdirSync(dir).find((f) => f.startsWith('rollcall-real-'))!);
    const env = JSON.parse(readFileSync(join(runDir, 'w1.env.json'), 'utf8')) as Record<string, string>;
    expect(env).toMatchObject({
      ROLLCALL_CHAOS_WORKER_NAME: 'w1',
      ROLLCALL_CHAOS_WORKER_ID: 'w1',
      ROLLCALL_CHAOS_STATE_DIR: join(runDir, 'w1'),
      ROLLCALL_CHAOS_CAPACITY: '4',
      ROLLCALL_JOIN_TOKEN: readFileSync(join(runDir, 'join-token'), 'utf8').trim(),
      ROLLCALL_RPC_TIMEOUT: '300ms', // the run's settings, scaled and floored as for the built-in worker
      ROLLCALL_HEARTBEAT_INTERVAL: '300ms',
    });
    expect(env.ROLLCALL_CHAOS_REGISTRY).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.ROLLCALL_CHAOS_HTTP_PORT).toMatch(/^\d+$/);
    // A fixed agent port, the same at every start: where the registry dials it, and where the harness counts the dials.
    expect(Number(env.ROLLCALL_CHAOS_AGENT_PORT)).toBeGreaterThan(0);
  });

  it('that exits before it is ready fails the run saying so, and never appears as started', async () => {
    const result = await runRealScenario(startOnly, { seed: 1, workerCommand: `node -e "console.error('no config'); process.exit(3)"` });
    expect(result.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^worker w1 \(node -e .*\) did not start: the process exited; stderr: no config$/)]);
    // Logged as starting at its spawn, it would be judged as a worker that booted and never became active.
    expect(result.log.filter((e) => e.type === 'worker')).toEqual([]);
  });

  it('that fails to start among many ends the run with no worker left behind, started or waiting to start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-own-worker-'));
    // w2 exits at once; the others take a second to be ready, so most are still waiting for a boot slot when w2 fails.
    const slowSilent = SILENT_WORKER.replace(/createServer\(/, 'await new Promise((r) => setTimeout(r, 1000));\ncreateServer(');
    writeFileSync(join(dir, 'silent.mjs'), `if (process.env.ROLLCALL_CHAOS_WORKER_NAME === 'w2') process.exit(3);\n${slowSilent}`);
    const eight = defineScenario({ name: 'start-eight', summary: 'starts eight at once', workers: 8, invariants: [], script: (run) => run.start('w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8') });
    const result = await runRealScenario(eight, { seed: 1, workDir: dir, workerCommand: `node ${join(dir, 'silent.mjs')}` });
    expect(result.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^worker w2 \(node .*\) did not start: the process exited/)]);
    // Starts still waiting for a boot slot when the run failed once spawned their process after it ended.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(join(dir, 'silent.mjs')));
    expect(left).toEqual([]);
  });
});

// The whole library takes too long for CI on real processes (docs/chaos.md, "Your own worker"):
// these cover every fault the harness can put on a worker and every way it drives one — SIGKILL
// and a restart on the same state dir, SIGSTOP until failed then SIGCONT, a partition and its
// heal, the registry killed and restarted, latency above the detection threshold, a black hole,
// SIGTERM during jobs run by the worker's own handler, and an attach-only worker dialled in on
// its agent port, and a wedged worker the registry keeps dialling on the agent port the harness
// gave it. The library has no scenario that resets connections, so one is written here.
const SUBSET = [
  'crash-and-restart',
  'frozen-worker-returns',
  'network-interruption-and-heal',
  'registry-restart',
  'latency-spike-above-threshold',
  'half-open-connection',
  'graceful-drain-with-jobs',
  'offline-at-preregistration',
  'wedged-worker',
];

const active = (run: ScenarioRun, name: string) => async () => (await run.member(name))?.state.startsWith('active') ?? false;
const resetLink = defineScenario({
  name: 'reset-link',
  summary: "w1's connections are reset: it reconnects, and is active again once the fault is cleared",
  workers: 1,
  async script(run) {
    await run.start('w1');
    // Active as the worker sees it: a reset during its registration keeps it registering.
    await run.until(async () => (await run.workerState('w1')) === 'active', '2m', 'w1 active');
    await run.resetPeer('w1');
    await run.until(async () => (await run.workerState('w1')) !== 'active', '2m', 'w1 notices the reset');
    await run.clearFaults('w1');
    await run.until(active(run, 'w1'), '2m', 'w1 active again');
  },
});

describe('examples/chaos-worker.js under the scenario library (a subset)', () => {
  beforeAll(() => {
    // The example imports the package by its name, which resolves to dist/ (npm ci builds it).
    if (!existsSync(join(root, 'dist/runtime/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }, 300_000);

  const library = SUBSET.map((name) => scenarios.find((s) => s.name === name)!);
  it.each([...library, resetLink].map((s) => [s.name, s] as const))('passes %s', async (_, scenario) => {
    const result = await runRealScenario(scenario, { seed: 1, workerCommand: 'node examples/chaos-worker.js' });
    expect(result.failures).toEqual([]);
    expect(result.log.some((e) => e.type === 'worker' && e.to === 'active')).toBe(true);
  }, 180_000);
});

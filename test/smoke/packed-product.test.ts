// rollcall as a user installs it: the packed tarball in an empty project, with node@24 beside it.
// The command runs from its compiled JavaScript, the README's Embedding example runs as written,
// a registry from the package serves the dashboard (its assets are not TypeScript: the build
// copies them), the public types pass a strict consumer's tsc, the tarball carries no tests,
// state, secrets or databases, and the machine's Node 20 gets one line, not a segfault.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDED_NODE } from '../../runtime/package/node-guard.ts';
import { codeBlockUnder, pack, PackedProject, ROOT, type Packed } from '../support/packed-project.ts';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const OLD_NODE = '/usr/bin/node';
const ALLOWED = /^(package\.json|README\.md|docs\/[a-z-]+\.md|dist\/(runtime|machines|scenarios)\/[\w./-]+\.(js|d\.ts|proto|html|css)|dist\/runtime\/grpc\/proto\/rollcall\.descriptor\.json)$/;
const FORBIDDEN = /(^|\/)(test|tests|\.ci|bench)\/|\.test\.|\.db(-wal|-shm)?$|\.tokens$|\.jsonl$|worker\.json$|\.pem$|\.key$|(^|\/)\.env/;

const DASHBOARD = `import { startRegistry } from 'rollcall';
import pino from 'pino';
const registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }) });
const base = 'http://127.0.0.1:' + registry.httpPort;
const statuses = [];
for (const path of ['/', '/dashboard/app.js', '/dashboard/diagram.js', '/dashboard/app.css', '/health']) statuses.push(path + ' ' + (await fetch(base + path)).status);
console.log(JSON.stringify({ statuses, health: await (await fetch(base + '/health')).json(), graphs: (await fetch(base + '/api/dashboard/graphs')).status }));
await registry.close();
`;

const CONSUMER = `import { ApiError, startRegistry, startWorker, WorkerRefusedError, type JobChange, type MemberChange, type RunningRegistry, type WorkerProcess } from 'rollcall';
import { emptyFaultPlan, runSimulation, type SimResult } from 'rollcall/sim';
import { checkInvariants, runScenario, scenarios, type ScenarioResult } from 'rollcall/chaos';
import { faultSchedules, runSchedule, type FaultSchedule } from 'rollcall/chaos/property';
import { startProxyServer, type ProxyServer } from 'rollcall/proxy';
import { RollcallClient, type WorkerJson } from 'rollcall/client';
export async function use(): Promise<[RunningRegistry, WorkerProcess, SimResult, ScenarioResult, ProxyServer]> {
  const registry = await startRegistry({ db: ':memory:' });
  const listed: WorkerJson[] = (await new RollcallClient(\`http://127.0.0.1:\${registry.httpPort}\`).listWorkers({ state: 'active' })).workers;
  void listed;
  registry.on('member', (change: MemberChange) => change.to);
  registry.on('job', (change: JobChange) => change.state);
  const worker = await startWorker({ stateDir: 'state', onTask: async (task) => task.kind });
  worker.on('error', (error: WorkerRefusedError) => error.code);
  const failed: ApiError | undefined = undefined;
  void failed;
  const schedule: FaultSchedule = { workers: 1, seed: 1, steps: [] };
  void [faultSchedules, checkInvariants, await runSchedule(schedule)];
  return [registry, worker, runSimulation({ workers: 1, durationMs: 1000, seed: 1, faults: emptyFaultPlan() }), await runScenario(scenarios[0]!, 'sim', { seed: 1, scale: 1 }), await startProxyServer()];
}
`;

// The packed `rollcall worker` (one bundled file) against a registry of the packed library: it
// registers over gRPC, runs a job, says its version on /health, and drains on SIGTERM.
const BUNDLED_WORKER = `import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startRegistry } from 'rollcall';
import pino from 'pino';
const registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }) });
const active = new Promise((resolve) => registry.on('member', (change) => change.to.startsWith('active') && resolve(change.id)));
const worker = spawn(process.execPath, [process.argv[2], 'worker', '--registry', '127.0.0.1:' + registry.grpcPort, '--state-dir', 'bundled-worker', '--quiet'], { env: { ...process.env, ROLLCALL_JOIN_TOKEN: registry.joinToken }, stdio: ['ignore', 'pipe', 'inherit'] });
// Its log's first line says it started (with its PID); the listening line gives its ports.
const lines = createInterface({ input: worker.stdout });
let line;
for await (const text of lines) if (JSON.parse(text).event === 'worker.listening') { line = text; break; }
const memberId = await active;
const done = new Promise((resolve) => registry.on('job', (change) => ['succeeded', 'failed'].includes(change.state) && resolve(change.state)));
await registry.submitJob({ jobId: 'echo-1', kind: 'echo', payload: 'through the bundle' });
const state = await done;
const health = await (await fetch('http://127.0.0.1:' + JSON.parse(line).httpPort + '/health')).json();
worker.kill('SIGTERM');
const [code] = await once(worker, 'exit');
console.log(JSON.stringify({ line: JSON.parse(line).event, memberId, job: [state, registry.job('echo-1').result], version: health.version, workerId: health.workerId, code }));
await registry.close();
`;

let packed: Packed;
let project: PackedProject;
const scratch = mkdtempSync(join(tmpdir(), 'rollcall-pack-'));

beforeAll(() => {
  packed = pack(scratch);
  project = new PackedProject(packed.tarball);
}, 300_000);
afterAll(() => {
  project?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed product', () => {
  it('holds the compiled package and nothing else: no tests, state, secrets or databases', () => {
    expect(packed.files).toContain('dist/runtime/cli/rollcall.js');
    expect(packed.files).toContain('dist/runtime/index.d.ts');
    expect(packed.files).toContain('dist/runtime/grpc/proto/rollcall.proto');
    expect(packed.files).toContain('dist/runtime/grpc/proto/rollcall.descriptor.json');
    expect(packed.files.filter((file) => !ALLOWED.test(file))).toEqual([]);
    expect(packed.files.filter((file) => FORBIDDEN.test(file))).toEqual([]);
  });

  it('runs the rollcall command from node_modules/.bin: --version, a small simulation, a chaos scenario', () => {
    const shown = project.run(project.node, [project.rollcall, '--version']);
    expect([shown.status, shown.stdout, shown.stderr]).toEqual([0, `${version}\n`, '']);
    const sim = project.run(project.node, [project.rollcall, 'sim', '--workers', '50', '--duration', '10m', '--seed', '3', '--json']);
    expect(sim.status, sim.stderr).toBe(0);
    expect(JSON.parse(sim.stdout)).toMatchObject({ seed: 3, workers: 50, members: { total: 50 } });
    const chaos = project.run(project.node, [project.rollcall, 'chaos', 'crash-and-restart', '--mode', 'sim']);
    expect(chaos.status, chaos.stdout + chaos.stderr).toBe(0);
    expect(chaos.stdout).toMatch(/^\s*crash-and-restart\s+sim\s+pass\b/m);
  });

  it('runs `rollcall worker` from its one-file bundle: it registers with a registry of the library, runs a job, shows its version', () => {
    const cli = readFileSync(join(project.dir, 'node_modules/rollcall/dist/runtime/cli/worker-main.js'), 'utf8');
    expect(cli.match(/^import .* from ['"]\.\.?\//gm) ?? []).toEqual([]); // no module of its own left outside
    const run = project.run(project.node, [project.write('bundled-worker.mjs', BUNDLED_WORKER), project.rollcall]);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const seen = JSON.parse(run.stdout) as { memberId: string; workerId: string };
    expect(seen).toMatchObject({ line: 'worker.listening', job: ['succeeded', 'through the bundle'], version, code: 0 });
    expect(seen.workerId).toBe(seen.memberId);
  });

  it("runs the README's Embedding example as written: a registry, a worker and a job to its result", () => {
    const example = project.write('embedding.mjs', codeBlockUnder(readFileSync(join(ROOT, 'README.md'), 'utf8'), '### Embedding'));
    const run = project.run(project.node, [example]);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/^job thumb-1 succeeded: resized cat\.png$/m);
    expect(run.stdout).toMatch(/ is active$/m);
  });

  it('serves the dashboard and its assets, and the version on /health; the diagrams say which package they need', () => {
    const run = project.run(project.node, [project.write('dashboard.mjs', DASHBOARD)]);
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as { statuses: string[]; health: { version: string }; graphs: number };
    expect(seen.statuses).toEqual(['/ 200', '/dashboard/app.js 200', '/dashboard/diagram.js 200', '/dashboard/app.css 200', '/health 200']);
    expect(seen.health.version).toBe(version);
    expect(seen.graphs).toBe(503); // @dagrejs/dagre is an optional dependency, not installed here
  });

  it("runs docs/chaos.md's property test in the project's own vitest suite, and a schedule's replay command", () => {
    const versions = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const deps = ['fast-check', 'vitest'].map((name) => `${name}@${versions.devDependencies[name]}`);
    const install = project.run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...deps], 240_000);
    expect(install.status, install.stderr).toBe(0);
    project.write('chaos.test.ts', codeBlockUnder(readFileSync(join(ROOT, 'docs/chaos.md'), 'utf8'), '### In your own test suite'));
    const suite = project.run(project.node, ['node_modules/vitest/vitest.mjs', 'run', 'chaos.test.ts'], 240_000);
    expect(suite.status, suite.stdout + suite.stderr).toBe(0);
    expect(suite.stdout).toMatch(/1 passed/);
    const token = project.run(project.node, ['--input-type=module', '-e', "import fc from 'fast-check'; import { faultSchedules, replayCommand } from 'rollcall/chaos/property'; console.log(replayCommand(fc.sample(faultSchedules(), { numRuns: 1, seed: 7 })[0]))"]);
    expect(token.stdout, token.stderr).toMatch(/^npx rollcall chaos --replay \S+\n$/);
    const replay = project.run(project.rollcall, ['chaos', '--replay', token.stdout.trim().split(' ').at(-1)!], 120_000);
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
  }, 600_000);

  it('gives a strict TypeScript consumer (skipLibCheck false) types for every entry point', () => {
    project.write('consumer.ts', CONSUMER);
    const config = project.writeConsumerConfig('consumer.ts');
    const tsc = project.run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', config]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it(`stops on the machine's Node 20 with one line naming both versions (exit 2), from the command and the library`, () => {
    const old = project.run(OLD_NODE, ['--version']).stdout.trim();
    expect(old, `${OLD_NODE} must be older than ${NEEDED_NODE} for this check`).toMatch(/^v(1\d|20|21|22\.([0-9]|1[01]))\./);
    const line = `rollcall needs Node.js ${NEEDED_NODE} or newer; this is Node.js ${old.slice(1)} (${OLD_NODE})\n`;
    for (const args of [[project.rollcall, '--version'], [project.rollcall, 'registry'], ['--input-type=module', '-e', "import 'rollcall'"], ['--input-type=module', '-e', "import 'rollcall/sim'"]]) {
      expect(project.run(OLD_NODE, args), args.join(' ')).toMatchObject({ status: 2, stdout: '', stderr: line });
    }
  });
});

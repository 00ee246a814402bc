// Runs a scenario in real mode (docs/behaviour.md §7): a `rollcall proxy` (or the Toxiproxy at
// TOXIPROXY_URL), a `rollcall registry` (or replicas on a scratch PostgreSQL database) and one
// `rollcall worker` per scenario worker as OS processes on 127.0.0.1, every time constant ×
// scale; then the merged event log is judged by the invariants. Every process is killed and the proxy closed whatever happens.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants, invariantNames } from '../../invariants/invariants.ts';
import { FaultProxies } from '../../proxy/fault-proxy.ts';
import { spawnProxyServer, type ProxyProcess } from '../../proxy/proxy-process.ts';
import { RealCluster } from './cluster.ts';
import { RealLog } from './merged-log.ts';
import { RealScenarioRun } from './script-actions.ts';
import { sampleEvery } from '../heartbeat-samples.ts';
import { BOOT_GUARD_MS } from './boot-gate.ts';
import { DEFAULT_SCALE, realSettings, scaleFor, type RealSettings } from './time-scale.ts';
import type { ScenarioResult } from '../scenario-result.ts';
import { finishRun, ScriptState } from '../script-state.ts';
import { replicaNames, workerSpecs, type Scenario } from '../scenario.ts';
import { chaosDatabaseServer } from './postgres.ts';
import type { ScratchDatabase } from '../../store/postgres/scratch-database.ts';
import { loadOptional } from '../../package/optional-dependency.ts';

/** Real milliseconds the replicas of a run have to elect their first leader. */
const LEADER_WITHIN_MS = 20_000;

/** What needs PostgreSQL's driver (an optional dependency): loaded only for replica scenarios. */
const REPLICA_RUNS = 'replica scenarios on real processes';

/** Who the database holds at the end (the acknowledged-registration-kept invariant reads it). */
async function memberIds(url: string): Promise<string[]> {
  const { default: pg } = await loadOptional('pg', REPLICA_RUNS, () => import('pg'));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('SELECT id FROM members ORDER BY id')).rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

async function waitFor(condition: () => Promise<boolean>, withinMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RealRunOptions {
  /** Recorded in the result; real runs draw their chance from the OS, not from it. */
  seed: number;
  /** Real time per production time (0.01: a 30 s heartbeat takes 300 ms). */
  scale?: number;
  /** Where the run's directory is made (the OS temp dir by default). */
  workDir?: string;
  /** Keep the run's directory (databases, event logs, state dirs) rather than removing it. */
  keepDir?: boolean;
  /** Replica scenarios: the PostgreSQL server to make the run's database on (default: DATABASE_URL, or a private one). */
  databaseServer?: string;
  /**
   * A command that starts one worker of the user's own (a process embedding `startWorker`),
   * run by the shell from the current directory instead of `rollcall worker`; what it is given
   * is in docs/chaos.md, "Your own worker".
   */
  workerCommand?: string;
  /** One line per step of the run, for a person watching. */
  onProgress?: (text: string) => void;
}

/** One real run: its scenario and options, work dir, time scale, log and script state. */
interface RealRunFrame {
  scenario: Scenario;
  options: RealRunOptions;
  dir: string;
  settings: RealSettings;
  log: RealLog;
  state: ScriptState;
  say: (text: string) => void;
}

/** What a run starts, as far as it got: each is closed at the end, whatever happened. */
interface Started {
  proxyServer?: ProxyProcess;
  faults?: FaultProxies;
  cluster?: RealCluster;
  database?: ScratchDatabase;
}

/** The fault proxy, the registry (or replicas on a scratch database, once one leads) and the parked workers. */
async function startCluster(started: Started, { scenario, options, dir, settings, log }: RealRunFrame): Promise<RealCluster> {
  const launchOptions = options.workerCommand === undefined ? {} : { workerCommand: options.workerCommand };
  // Ready when it says so; on a loaded machine its start alone outlasted the default 10 s.
  if (!process.env.TOXIPROXY_URL) started.proxyServer = await spawnProxyServer({ port: 0, startTimeoutMs: BOOT_GUARD_MS });
  const faults = (started.faults = await FaultProxies.open(started.proxyServer ? { url: started.proxyServer.url } : {}));
  const replicas = replicaNames(scenario);
  let cluster: RealCluster;
  if (replicas.length > 0) {
    const { createScratchDatabase } = await loadOptional('pg', REPLICA_RUNS, () => import('../../store/postgres/scratch-database.ts'));
    const database = (started.database = await createScratchDatabase(options.databaseServer ?? (await chaosDatabaseServer()), 'rollcall_chaos'));
    cluster = started.cluster = new RealCluster(dir, settings, log, faults, workerSpecs(scenario), { replicas: { names: replicas, databaseUrl: database.url }, ...launchOptions });
    await cluster.startReplicas();
    await waitFor(async () => (await cluster.leader()) !== null, LEADER_WITHIN_MS, 'no replica took the lead');
  } else {
    cluster = started.cluster = new RealCluster(dir, settings, log, faults, workerSpecs(scenario), launchOptions);
    await cluster.startRegistry();
  }
  await cluster.createProxies();
  await cluster.parkWorkers();
  return cluster;
}

/** Closes what the run started, each failure to close one a failure of the run. */
async function closeAll(started: Started, state: ScriptState): Promise<void> {
  const { cluster, faults, proxyServer, database } = started;
  for (const close of [() => cluster?.close(), () => faults?.close(), () => proxyServer?.close(), () => database?.drop()]) {
    try {
      await close();
    } catch (error) {
      state.failures.push({ kind: 'error', message: `clean-up: ${(error as Error).message}` });
    }
  }
}

/** Runs the script, sampling the registry's heartbeat count once a heartbeat interval. */
async function runScript({ scenario, settings, log, state }: RealRunFrame, cluster: RealCluster, run: RealScenarioRun): Promise<void> {
  log.startWallMs = Date.now();
  const stopSampling = sampleEvery(settings.registry.heartbeatIntervalMs, async () => {
    const count = await (await cluster.serving())?.heartbeatCount();
    if (typeof count === 'number') log.write('heartbeats', { count });
  });
  await state.execute(() => scenario.script(run)).finally(stopSampling);
}

export async function runRealScenario(scenario: Scenario, options: RealRunOptions): Promise<ScenarioResult> {
  const wallStart = Date.now();
  const say = options.onProgress ?? (() => {});
  const settings = realSettings(scenario, scaleFor(scenario, options.scale ?? DEFAULT_SCALE));
  const parent = options.workDir ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `rollcall-real-${scenario.name.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
  const log = new RealLog(settings.scale);
  const state = new ScriptState(() => log.scenarioMs(Date.now()));
  const frame: RealRunFrame = { scenario, options, dir, settings, log, state, say };
  const started: Started = {};
  let run: RealScenarioRun | undefined;
  let endWallMs = Date.now();
  try {
    const cluster = await startCluster(started, frame);
    say(`${scenario.name}: ${cluster.describe()}, proxies at ${started.faults!.url}, work dir ${dir}`);
    run = new RealScenarioRun(cluster, log, settings, state, say);
    await runScript(frame, cluster, run);
    if (started.database) log.write('db.members', { ids: await memberIds(started.database.url) });
    endWallMs = Date.now();
  } catch (error) {
    state.failures.push({ kind: 'error', message: `the run could not start: ${(error as Error).message}` });
  } finally {
    await closeAll(started, state);
  }
  return finishRealRun(frame, run !== undefined, endWallMs, wallStart);
}

/** The run's result: the merged log judged by the invariants; the work dir removed unless kept. */
function finishRealRun(frame: RealRunFrame, ran: boolean, endWallMs: number, wallStart: number): ScenarioResult {
  const { scenario, options, dir, settings, log, state, say } = frame;
  const entries = ran ? log.merged(endWallMs) : [];
  const scenarioMs = ran ? log.scenarioMs(endWallMs) : 0;
  const violations = ran ? checkInvariants(entries, settings.bounds(scenarioMs), scenario.invariants) : [];
  const result = finishRun(scenario.name, 'real', options.seed, state, violations, entries, Date.now() - wallStart, scenarioMs, {
    invariants: ran ? invariantNames(scenario.invariants) : [],
    scale: settings.scale,
  });
  if (options.keepDir) {
    say(`${scenario.name}: work dir kept at ${dir}`);
    for (const f of result.failures) f.message += ` (work dir: ${dir})`;
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

// The scenario API (docs/behaviour.md §7): a scenario is written once — cluster shape, settings, a script of
// actions and waits, the invariants it expects — and runs in two modes: `sim` (the simulator,
// virtual time, a seed) and `real` (OS processes on 127.0.0.1 behind fault proxies, every time
// constant shortened by one scale factor). Durations in a scenario are production durations.
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../machines/worker.machine.ts';

export type Mode = 'sim' | 'real';

export interface WorkerSpec {
  name: string;
  /** Max concurrent jobs (4). */
  capacity?: number;
  /** The worker does not know the registry: it waits to be dialled in (seed 000). */
  attachOnly?: boolean;
}

export interface Scenario {
  name: string;
  /** One line: what it shows. */
  summary: string;
  /** A count (named w1…wN) or explicit workers. */
  workers: number | WorkerSpec[];
  registry?: Partial<RegistryConfig>;
  worker?: Partial<WorkerConfig>;
  /** Invariants to check (names from runtime/invariants); all of them by default. */
  invariants?: readonly string[];
  /**
   * Registry replicas on one shared database (r1…rN; default 1: a single registry on its own
   * store). With 2 or more, real mode needs PostgreSQL (DATABASE_URL, or a local install).
   */
  replicas?: number;
  /** The replicas' leader lease (production defaults: ttl 10s, renew 2s). */
  lease?: { ttl: string | number; renew: string | number };
  /**
   * Real mode runs this scenario at this time scale when the run's is smaller (a leader lease
   * needs real seconds: 0.1 makes a 10 s lease one real second).
   */
  realScale?: number;
  /** Modes it makes sense in (both by default). */
  modes?: readonly Mode[];
  script(run: ScenarioRun): Promise<void>;
}

export interface MemberStatus {
  id: string;
  /** `active.idle`, `unhealthy`, … as the registry reports it. */
  state: string;
  epoch: number;
  jobs: number;
}

export interface JobStatus {
  id: string;
  state: 'queued' | 'assigned' | 'succeeded' | 'failed';
  memberId: string | null;
  attempt: number;
}

/** A forged heartbeat (wrong token; the previous session's epoch), deregistration (no force while jobs run) or result (of an attempt the job is not on). */
export type ForgedCall = 'wrong-token' | 'old-session' | 'deregister-without-force' | 'other-attempt';

/** What a scenario's script can do and see. Durations are strings ("2m") or milliseconds. */
export interface ScenarioRun {
  readonly mode: Mode;
  /** Worker names, in order. */
  readonly workers: readonly string[];

  // Processes.
  start(...names: string[]): Promise<void>;
  /** SIGKILL: memory gone, state dir kept. */
  crash(...names: string[]): Promise<void>;
  /** Start again with the same state dir (a running worker is killed first). */
  restart(...names: string[]): Promise<void>;
  /** SIGTERM: drain, deregister, exit. */
  stop(...names: string[]): Promise<void>;
  crashRegistry(): Promise<void>;
  restartRegistry(): Promise<void>;
  /** Operator pre-registration of a worker by its agent address (it must be attachOnly). */
  preRegister(name: string): Promise<void>;
  /** SIGSTOP: the worker holds still; its port still accepts connections, nothing answers. */
  pause(...names: string[]): Promise<void>;
  /** SIGCONT: what came due meanwhile runs now, late. */
  resume(...names: string[]): Promise<void>;

  // Replicas and their database (scenarios with `replicas` ≥ 2).
  /** Replica names, in order (r1…rN); empty for a single registry. */
  readonly replicas: readonly string[];
  /** The replica that serves as leader now, and its lease epoch; undefined while none does. */
  leader(): Promise<{ name: string; epoch: number } | undefined>;
  crashReplica(name: string): Promise<void>;
  restartReplica(name: string): Promise<void>;
  /** SIGSTOP: the process holds still, believing whatever it believed. */
  pauseReplica(name: string): Promise<void>;
  /** SIGCONT. */
  resumeReplica(name: string): Promise<void>;
  /** The database stops answering: statements wait, connections stay open. */
  stallDatabase(): Promise<void>;
  /** The database goes down: connections are cut and refused until `resumeDatabase`. */
  stopDatabase(): Promise<void>;
  /** Ends a stall or a stop. */
  resumeDatabase(): Promise<void>;
  /** Every statement and its answer take this much longer, each way (0 ends it). */
  databaseLatency(latency: string | number): Promise<void>;
  /** One replica can no longer reach the database (a silent partition), until `healDatabase`. */
  cutFromDatabase(name: string): Promise<void>;
  healDatabase(name: string): Promise<void>;

  // Network faults between these workers and the registry (both directions).
  partition(...names: string[]): Promise<void>;
  heal(...names: string[]): Promise<void>;
  latency(names: readonly string[], latency: string | number, jitter?: string | number): Promise<void>;
  /** Connections reset (RST) as they carry data. */
  resetPeer(...names: string[]): Promise<void>;
  /** Bandwidth capped at `kbps` KB/s each way (a slow link). */
  bandwidth(names: readonly string[], kbps: number): Promise<void>;
  /** Requests still reach the registry, but every reply is lost (reset on the reply path). */
  loseReplies(...names: string[]): Promise<void>;
  /** Data stops flowing and the connection is closed after `after` (half-open, slow close). */
  blackhole(names: readonly string[], after: string | number): Promise<void>;
  /** Removes every fault on these workers' links. */
  clearFaults(...names: string[]): Promise<void>;

  // Work and operations.
  submitJobs(count: number, runFor: string | number): Promise<string[]>;
  drain(name: string): Promise<void>;
  /** Operator purge (`unregister`): the member is deleted and no longer dialled. */
  unregister(name: string): Promise<void>;
  /** A registration with `name`'s ID and address but a wrong secret; returns the error code ('ok' if accepted). */
  registerImpostor(name: string): Promise<string>;
  /** Simulator only: a call `name`'s worker never makes, forged with its ID (runtime/chaos/sim/forged-calls.ts); returns the answer's code ('ok' if accepted). */
  forgeCall(name: string, call: ForgedCall): Promise<string>;

  // Time and observation.
  wait(duration: string | number): Promise<void>;
  /** Polls `condition` until it holds; fails the scenario if `within` passes first. */
  until(condition: () => Promise<boolean> | boolean, within: string | number, what: string): Promise<void>;
  member(name: string): Promise<MemberStatus | undefined>;
  jobs(): Promise<JobStatus[]>;
  /** The worker process's own state (`active`, `reconnecting`, `down`, …). */
  workerState(name: string): Promise<string>;
  /** Connections the registry holds open to this worker for its dial-ins; logged as a `dial.sockets` sample. */
  dialSockets(name: string): Promise<number>;
  /** A named figure for the report line (e.g. a detection time). */
  figure(name: string, value: number, unit: 'ms' | 'count'): void;
  /** Fails the scenario (it stops at the end of the script) unless `ok`. */
  check(ok: boolean, message: string): void;
  /** Milliseconds since the scenario started, in production time. */
  elapsed(): number;
}

/** The replica names of a scenario: r1…rN with 2 or more, none for a single registry. */
export function replicaNames(scenario: Scenario): string[] {
  const n = scenario.replicas ?? 1;
  return n >= 2 ? Array.from({ length: n }, (_, i) => `r${i + 1}`) : [];
}

/** The worker names of a scenario. */
export function workerSpecs(scenario: Scenario): WorkerSpec[] {
  if (typeof scenario.workers !== 'number') return scenario.workers;
  return Array.from({ length: scenario.workers }, (_, i) => ({ name: `w${i + 1}` }));
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

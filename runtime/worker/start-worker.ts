// The production worker agent: the worker machine on the system clock, talking gRPC to the
// registry (or waiting to be attached by one), running tasks with the embedding service's
// handler, keeping its identity in its state dir. The CLI's `rollcall worker` and library
// users (`startWorker`) both come through here.
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomInt, randomUUID } from 'node:crypto';
import { logVerbosity, setLogVerbosity } from '@grpc/grpc-js';
import { createActor } from 'xstate';
import type { Task } from '../../machines/registry/registry.types.ts';
import type { WorkerEvent } from '../../machines/worker.machine.ts';
import { SystemClock } from '../clock/clock.ts';
import { loadWorkerConfig, type ConfigSources } from '../config/load-config.ts';
import type { WorkerRuntimeConfig } from '../config/worker-keys.ts';
import { GrpcRegistryConnection } from '../grpc/registry-client.ts';
import type { RegistryConnection } from '../grpc/registry-connection.ts';
import { grpcChannelCredentials, grpcServerCredentials } from '../tls/credentials.ts';
import type { TlsMaterial } from '../tls/tls-files.ts';
import { startAgentServer } from './agent-server.ts';
import type { BeatTransport } from './heartbeat-loop.ts';
import { startHealthServer } from './health-server.ts';
import { WorkerMetrics } from './worker-metrics.ts';
import { StateDir, type WorkerState } from './state-dir.ts';
import { TaskFeed } from './task-feed.ts';
import { builtInTasks, TaskRunner, type TaskHandler } from './task-runner.ts';
import { workerEffects, type WorkerEffectPorts } from './worker-effects.ts';
import { machineResources, workerStatus } from './worker-status.ts';
import { WorkerProcess, type WorkerNote } from './worker-process.ts';

export interface WorkerOptions {
  /** Registry endpoints (HOST:PORT); without them the state dir's, else wait for an Attach. */
  registry?: string[];
  /** Requested worker ID; by default the one in the state dir, else the registry assigns one. */
  id?: string;
  name?: string;
  stateDir: string;
  capacity?: number;
  capabilities?: Record<string, string>;
  labels?: Record<string, string>;
  /** Interface the agent and health servers listen on (127.0.0.1). */
  listenHost?: string;
  /** The host the registry should dial (listenHost). */
  advertiseHost?: string;
  /** Reach the registry here rather than at the endpoint a dial-in names (a proxy or NAT between them). */
  registryVia?: string;
  /** WorkerAgent port; 0 picks a free one. */
  agentPort?: number;
  /** Health server port; 0 picks a free one; null runs none. */
  httpPort?: number | null;
  config?: ConfigSources;
  joinToken?: string;
  heartbeatMode?: 'stream' | 'unary';
  /**
   * With registry replicas: stream heartbeats to the endpoint of `registry` this worker's name
   * (or state dir) hashes to, so standbys share them (docs/scale-out.md); other calls follow the leader.
   */
  spreadHeartbeats?: boolean;
  /** Runs each task; the built-in one knows `sleep`, `echo` and `fail`. */
  onTask?: TaskHandler;
  /** Each state change and notable event, for logs. */
  onNote?: (note: WorkerNote) => void;
  /**
   * A CA: verify the registry against it (else the system's roots); a certificate and key:
   * present them to the registry (mTLS), and serve the agent over TLS, taking only registries
   * whose certificate the CA signed. Absent: plaintext.
   */
  tls?: TlsMaterial | null;
  /** Overrides how the registry is reached (tests). */
  connect?: (endpoints: string[], config: WorkerRuntimeConfig) => RegistryConnection;
}

/** A stable number from a worker's name (FNV-1a), so its heartbeat endpoint survives restarts. */
export function spreadOffset(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export async function startWorker(options: WorkerOptions): Promise<WorkerProcess> {
  // grpc-js would print its own connection errors on stderr; the worker reports failures as notes.
  setLogVerbosity(logVerbosity.NONE);
  const config = loadWorkerConfig(options.config ?? {});
  const clock = new SystemClock();
  const stateDir = new StateDir(options.stateDir);
  const state = stateDir.load();
  const connect = options.connect ?? grpcConnector(options);
  const endpoints = options.registry?.length ? options.registry : (state.registry ?? []);
  const listenHost = options.listenHost ?? '127.0.0.1';
  const process = new WorkerProcess(new EventEmitter(), options.onNote);
  const metrics = new WorkerMetrics(process);
  let connection: RegistryConnection | null = endpoints.length ? connect(endpoints, config) : null;
  const tasks = new Map<string, Task>();
  const runner = new TaskRunner(options.onTask ?? builtInTasks(clock), clock);

  const agent = await startAgentServer(listenHost, options.agentPort ?? 0, {
    onAttach(named) {
      if (process.state === 'stopped' || process.state === 'draining' || process.state === 'deregistering') return false;
      const endpoint = options.registryVia ?? named;
      state.registry = [endpoint];
      stateDir.save(state);
      const sameRegistry = connection?.endpoint === endpoint;
      if (!sameRegistry) {
        connection?.close();
        connection = connect([endpoint], config);
      }
      process.note('worker.attached', { endpoint, sameRegistry });
      process.send({ type: 'worker.attached', endpoint, sameRegistry });
      return true;
    },
    onPing: () => ({ workerId: process.workerId ?? '', state: process.state }),
  }, grpcServerCredentials(options.tls ?? null));
  const feed = new TaskFeed(clock, () => connection, (task) => {
    tasks.set(task.jobId, task);
    process.send({ type: 'task.assigned', jobId: task.jobId });
  });
  const address = `${options.advertiseHost ?? listenHost}:${agent.port}`;
  const machine = workerEffects({ ...effectPorts(options, process, metrics), clock, connection: () => connection, address, stateDir, state, runner, tasks, rpcTimeoutMs: config.rpcTimeoutMs });
  const actor = createActor(machine, { clock, input: machineInput(options, state, agent.port, connection !== null, config) });
  const health = options.httpPort === null ? null : await startHealthServer(process, listenHost, options.httpPort ?? 0, () => metrics.text());
  process.attach(actor, feed, {
    agentPort: agent.port,
    httpPort: health?.port ?? null,
    drainBudgetMs: config.drainTimeoutMs + config.deregisterAttempts * (config.rpcTimeoutMs + config.maxDelayMs) + 5000,
    async release() {
      feed.stop();
      runner.abortAll('worker stopped');
      await agent.close();
      await health?.close();
      connection?.close();
    },
  });
  actor.start();
  actor.send({ type: 'worker.start' });
  return process;
}

/** Reaches the registry over gRPC: the worker's TLS, join token and, with replicas, its heartbeat endpoint. */
function grpcConnector(options: WorkerOptions): NonNullable<WorkerOptions['connect']> {
  return (endpoints, config) =>
    new GrpcRegistryConnection(endpoints, {
      rpcTimeoutMs: config.rpcTimeoutMs,
      credentials: grpcChannelCredentials(options.tls ?? null),
      ...(options.joinToken ? { joinToken: options.joinToken } : {}),
      ...(options.spreadHeartbeats ? { beatOffset: spreadOffset(options.name ?? options.stateDir) } : {}),
    });
}

/** The worker's effects that tell who it is and report to its process: its notes, status and beat metrics. */
function effectPorts(options: WorkerOptions, process: WorkerProcess, metrics: WorkerMetrics) {
  return {
    instance: randomUUID(),
    defaultName: options.name === undefined,
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    resources: machineResources(),
    heartbeatMode: options.heartbeatMode ?? 'stream',
    send: (event: WorkerEvent) => process.send(event),
    status: () => workerStatus(process.context, process.state, process.errors),
    note: (event: string, fields?: Record<string, unknown>) => process.note(event, fields),
    instrumentBeats: (transport: BeatTransport) => metrics.instrument(transport),
  } satisfies Partial<WorkerEffectPorts>;
}

/** The worker machine's input: its name, the identity the state dir kept, its capacity and a random seed. */
function machineInput(options: WorkerOptions, state: WorkerState, agentPort: number, registryKnown: boolean, config: WorkerRuntimeConfig) {
  return {
    name: options.name ?? `${hostname()}:${agentPort}`,
    ...(options.id ?? state.workerId ? { workerId: options.id ?? state.workerId } : {}),
    workerSecret: state.workerSecret,
    maxConcurrentJobs: options.capacity ?? 4,
    registryKnown,
    seed: randomInt(0, 2 ** 31 - 1),
    config,
  };
}

// The production registry: the registry host on the system clock with a SQLite store, its
// gRPC and REST APIs, metrics, structured logs, and the reconnect monitor's dialer. The CLI's
// `rollcall registry` and library users (`startRegistry`) both come through here.
import { setLogger } from '@grpc/grpc-js';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import { SystemClock } from '../clock/clock.ts';
import { describeConfig, loadRegistryConfig, type ConfigSources } from '../config/load-config.ts';
import { startGrpcServer, type GrpcServer } from '../grpc/grpc-server.ts';
import { TaskStreams } from '../grpc/task-streams.ts';
import { dialWorkerAgent } from '../grpc/worker-agent.ts';
import { buildHttpApi } from '../http/http-api.ts';
import { createRegistryMetrics, type RegistryMetrics } from '../http/metrics.ts';
import { EventLog } from '../sim/event-log.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { CryptoChance } from './crypto-chance.ts';
import { RegistryHost, type EventSink } from './registry-host.ts';

export interface RegistryOptions {
  /** Interface both APIs listen on (127.0.0.1). */
  listenHost?: string;
  /** The address workers are told to register with after a dial-in (listenHost:grpcPort). */
  advertiseHost?: string;
  grpcPort?: number;
  httpPort?: number;
  /** SQLite file; ":memory:" keeps everything in memory (tests only: nothing survives a restart). */
  db?: string;
  config?: ConfigSources;
  /** The cluster join token registrations must carry; open registration when absent. */
  joinToken?: string;
  /** pino logger; by default JSON lines on stderr at `info`. */
  logger?: Logger;
  /** Also write the simulator's JSONL event log here, with wall-clock times (for chaos runs). */
  eventsFile?: string;
}

export interface RunningRegistry {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly host: RegistryHost;
  readonly config: RegistryConfig;
  readonly metrics: RegistryMetrics;
  stop(): Promise<void>;
}

/** grpc-js logs through its own console logger; send its lines to ours, at debug. */
function routeGrpcLogs(logger: Logger): void {
  const grpcLogger = logger.child({ component: 'grpc-js' });
  setLogger({ error: (...args: unknown[]) => grpcLogger.debug(args.join(' ')), info: () => {}, debug: () => {} });
}

/** Log lines for state changes (never for heartbeats), and the chaos event log if asked for. */
function eventSink(logger: Logger, log: EventLog | null): EventSink {
  return {
    write(t, type, fields = {}) {
      log?.write(t, type, fields);
      log?.flush();
      logger.info({ event: type, ...fields }, type);
    },
  };
}

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const config = loadRegistryConfig(options.config ?? {});
  const logger = options.logger ?? pino({ level: 'info' }, pino.destination(2));
  routeGrpcLogs(logger);
  const listenHost = options.listenHost ?? '127.0.0.1';
  const store: Store = (options.db ?? './rollcall.db') === ':memory:' ? new MemoryStore() : SqliteStore.open(options.db ?? './rollcall.db');
  const eventLog = options.eventsFile ? new EventLog({ file: options.eventsFile, keep: false }) : null;
  const streams = new TaskStreams();
  let metrics: RegistryMetrics | undefined;
  let grpc: GrpcServer | undefined;
  let http: FastifyInstance | undefined;
  const advertised = () => `${options.advertiseHost ?? listenHost}:${grpc?.port ?? 0}`;
  const host = new RegistryHost(config, {
    clock: new SystemClock(),
    store,
    events: eventSink(logger, eventLog),
    chance: () => new CryptoChance(),
    dispatch: (member, task) => streams.dispatch(member, task),
    dial: (member, done) => {
      metrics?.recordReconnectAttempt();
      void dialWorkerAgent(member.address, { registryEndpoint: advertised(), workerId: member.id, joinToken: options.joinToken ?? '' }, config.dialTimeout).then((ok) => {
        if (ok) metrics?.recordReconnectSuccess();
        done(ok);
      });
    },
  });
  try {
    // Bind both APIs before the registry starts, so a port in use fails before anything runs.
    metrics = createRegistryMetrics(host);
    const counted = metrics;
    grpc = await startGrpcServer({
      host: listenHost,
      port: options.grpcPort ?? 50051,
      registry: host,
      streams,
      onRegistrationRefused: (code) => counted.recordRegistration({ rejected: code }),
      ...(options.joinToken ? { joinToken: options.joinToken } : {}),
    });
    http = buildHttpApi({
      host,
      metrics,
      logger,
      configView: describeConfig(config),
      triggerReconnect: () => host.reconnectNow(),
      ...(options.joinToken ? { joinToken: options.joinToken } : {}),
    });
    await http.listen({ host: listenHost, port: options.httpPort ?? 8080 });
    host.start();
  } catch (error) {
    await grpc?.close();
    await http?.close();
    store.close();
    eventLog?.close();
    throw error;
  }
  const address = http.server.address();
  const httpPort = typeof address === 'object' && address ? address.port : 0;
  logger.info({ grpcPort: grpc.port, httpPort, members: host.core.table.members.size }, 'registry listening');
  let stopping: Promise<void> | undefined;
  return {
    grpcPort: grpc.port,
    httpPort,
    host,
    config,
    metrics,
    stop() {
      stopping ??= (async () => {
        await http.close();
        await grpc.close();
        host.stop();
        store.close();
        eventLog?.close();
      })();
      return stopping;
    },
  };
}

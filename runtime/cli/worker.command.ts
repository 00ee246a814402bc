// `rollcall worker`: a worker agent process. It registers with --registry, or, without one,
// serves WorkerAgent and waits for a registry to dial in; SIGTERM/SIGINT drain and deregister.
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { workerNoteLine } from '../log/event-lines.ts';
import type { Logger } from 'pino';
import { createLogger, logStart, type LogFormat } from '../log/logger.ts';
import { ConfigError } from '../config/config-error.ts';
import { defaultWorkerRuntimeConfig, workerKeys } from '../config/worker-keys.ts';
import { loadTls, tlsPaths, TlsError } from '../tls/tls-files.ts';
import { StateDirError } from '../worker/state-dir.ts';
import { startWorker } from '../worker/start-worker.ts';
import type { WorkerProcess } from '../worker/worker-process.ts';
import { workerSettings } from '../config/command-settings.ts';
import { addSettingFlags, settingsOrExit } from './setting-flags.ts';
import { addConfigFlags, configOverrides, parseEndpoints, parsePairs, parsePort, readTokenFile, startupExitCode } from './cli-values.ts';
import { parseCount } from '../config/units.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';

/** Notes that say something went wrong; the others are info. */
const NOTE_LEVELS: Record<string, 'warn' | 'error'> = { 'registry.unreachable': 'warn', 'task.report.dropped': 'warn', 'worker.stop.forced': 'warn', 'worker.fatal': 'error' };

interface WorkerFlags extends Record<string, unknown> {
  registry?: string;
  id?: string;
  name?: string;
  host: string;
  advertiseHost?: string;
  registryVia?: string;
  agentPort: string;
  httpPort: string;
  capacity: string;
  stateDir: string;
  capabilities?: string;
  labels?: string;
  config?: string;
  joinToken?: string;
  joinTokenFile?: string;
  heartbeatMode: string;
  spreadHeartbeats?: boolean;
  quiet?: boolean;
  logLevel: string;
  logFormat?: LogFormat;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
}

/** The flags the command checked before the worker starts. */
interface CheckedFlags {
  capacity: number;
  joinToken: string | undefined;
  heartbeatMode: 'stream' | 'unary';
}

export function workerCommand(): Command {
  const command = new Command('worker').description(summaryOf('worker'));
  addSettingFlags(command, workerSettings);
  addConfigFlags(command, workerKeys, defaultWorkerRuntimeConfig);
  return command.action(async function (this: Command, flags: WorkerFlags) {
    settingsOrExit(this, workerSettings, 'worker');
    if (flags.heartbeatMode !== 'stream' && flags.heartbeatMode !== 'unary') throw new UsageError(`--heartbeat-mode must be stream or unary, not "${flags.heartbeatMode}"`);
    let capacity: number;
    try {
      capacity = parseCount(flags.capacity, 1, 100, '--capacity');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    // --join-token wins, then --join-token-file, then ROLLCALL_JOIN_TOKEN (or the config file's joinToken).
    const tokenFlag = this.getOptionValueSource('joinToken') === 'cli';
    const joinToken = !tokenFlag && flags.joinTokenFile ? readTokenFile(flags.joinTokenFile, '--join-token-file') : flags.joinToken;
    // On stdout, as the worker's notes always were: the chaos harness follows them there.
    const logger = createLogger({ name: 'worker', level: flags.logLevel, ...(flags.logFormat ? { format: flags.logFormat } : {}), stream: process.stdout });
    logStart(logger, 'worker');
    const worker = await startOrExit(flags, { capacity, joinToken, heartbeatMode: flags.heartbeatMode }, logger);
    const listening = { agentPort: worker.agentPort, httpPort: worker.httpPort };
    logger.info({ event: 'worker.listening', ...listening }, workerNoteLine('worker.listening', listening));
    stopOnSignals(worker);
  });
}

/** Starts the worker the flags describe; a bad config, state dir, TLS file or port is one line on stderr and an exit. */
async function startOrExit(flags: WorkerFlags, checked: CheckedFlags, logger: Logger): Promise<WorkerProcess> {
  const { capacity, joinToken, heartbeatMode } = checked;
  try {
    return await startWorker({
      tls: loadTls(tlsPaths(flags), { certificate: false }),
      ...(flags.registry ? { registry: parseEndpoints(flags.registry, '--registry') } : {}),
      ...(flags.id ? { id: flags.id } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      listenHost: flags.host,
      ...(flags.advertiseHost ? { advertiseHost: flags.advertiseHost } : {}),
      ...(flags.registryVia ? { registryVia: parseEndpoints(flags.registryVia, '--registry-via')[0]! } : {}),
      agentPort: parsePort(flags.agentPort, '--agent-port'),
      httpPort: parsePort(flags.httpPort, '--http-port'),
      capacity,
      stateDir: flags.stateDir,
      ...(flags.capabilities ? { capabilities: parsePairs(flags.capabilities, '--capabilities') } : {}),
      ...(flags.labels ? { labels: parsePairs(flags.labels, '--labels') } : {}),
      config: { ...(flags.config ? { file: flags.config } : {}), overrides: configOverrides(flags, workerKeys) },
      ...(joinToken ? { joinToken } : {}),
      heartbeatMode,
      ...(flags.spreadHeartbeats ? { spreadHeartbeats: true } : {}),
      onNote: ({ at: _at, event, ...fields }) => {
        if (!flags.quiet) logger[NOTE_LEVELS[event] ?? 'info']({ event, ...fields }, workerNoteLine(event, fields));
      },
    });
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof StateDirError || error instanceof TlsError || (error instanceof Error && /cannot listen/.test(error.message));
    if (!known) throw error;
    process.stderr.write(`rollcall worker: ${(error as Error).message}\n`);
    process.exit(startupExitCode(error));
  }
}

/** SIGINT and SIGTERM drain and deregister, then exit; a worker refused for good or a failed stop exits 1. */
function stopOnSignals(worker: WorkerProcess): void {
  const failed = (failure: { code: string; message: string }) => {
    process.stderr.write(`rollcall worker: stopped: ${failure.code}: ${failure.message}\n`);
    process.exitCode = EXIT_FAILED;
  };
  // Refused for good: it stopped on its own. A stop asked for can fail too (deregistration).
  worker.on('error', (refusal) => failed({ code: refusal.code, message: refusal.reason }));
  const stop = () =>
    void worker.stop().then(() => {
      if (worker.error) failed(worker.error);
      process.exit(process.exitCode ?? 0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

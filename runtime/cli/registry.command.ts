// `rollcall registry`: the registry as a server process (gRPC, REST, SQLite or a PostgreSQL shared
// by replicas), until SIGTERM/SIGINT.
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { createLogger, logStart, type LogFormat } from '../log/logger.ts';
import { exportLine, keepTokenFile, tokenFileOf } from '../auth/token-file.ts';
import type { TokenKind } from '../auth/tokens.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadRegistryConfig } from '../config/load-config.ts';
import { registryKeys } from '../config/registry-keys.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { isPostgresUrl, type ReplicaSettings } from '../registry/registry-storage.ts';
import { MissingDependencyError } from '../package/optional-dependency.ts';
import { startRegistry } from '../registry/start-registry.ts';
import { StoreOpenError } from '../store/sqlite-open.ts';
import { loadTls, tlsPaths, TlsError } from '../tls/tls-files.ts';
import { addConfigFlags, configOverrides, parseDurationFlag, parsePort, startupExitCode } from './cli-values.ts';
import { registrySettings } from '../config/command-settings.ts';
import { addSettingFlags, settingsOrExit } from './setting-flags.ts';
import { UsageError } from './usage-error.ts';

interface RegistryFlags extends Record<string, unknown> {
  host: string;
  advertiseHost?: string;
  grpcPort: string;
  httpPort: string;
  db: string;
  config?: string;
  events?: string;
  joinToken?: string;
  adminToken?: string;
  protectReads?: boolean;
  logLevel: string;
  logFormat?: LogFormat;
  replicaId?: string;
  leaseTtl: string;
  leaseRenew: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  /** A file, or false with --no-audit-log. */
  auditLog?: string | false;
}

/** A start-up failure the user can act on: one line, exit 2 or 1 (startupExitCode). */
export function isStartupProblem(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof MissingDependencyError || error instanceof StoreOpenError || error instanceof TlsError || (error instanceof Error && /cannot listen|EADDRINUSE|EACCES/.test(error.message));
}

/** The lease flags, checked: the TTL must leave room for a few renewals. */
function replicaSettings(flags: RegistryFlags): ReplicaSettings | undefined {
  if (!isPostgresUrl(flags.db)) return undefined;
  const leaseTtlMs = parseDurationFlag(flags.leaseTtl, '--lease-ttl');
  const leaseRenewMs = parseDurationFlag(flags.leaseRenew, '--lease-renew');
  if (leaseRenewMs * 2 > leaseTtlMs) throw new UsageError(`--lease-renew (${flags.leaseRenew}) must be at most half of --lease-ttl (${flags.leaseTtl})`);
  return { leaseTtlMs, leaseRenewMs, ...(flags.replicaId ? { id: flags.replicaId } : {}) };
}

/**
 * Keeps the token file beside a SQLite database in step with it, and on the first start (tokens
 * generated) prints them once, on stdout apart from the logs, as a line to paste into a shell.
 */
function showTokens(db: string, registry: { joinToken: string; adminToken: string; generatedTokens: readonly TokenKind[] }): void {
  let file: string | null = null;
  try {
    file = keepTokenFile(db, registry);
  } catch (error) {
    process.stderr.write(`rollcall registry: cannot write the token file ${tokenFileOf(db)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
  }
  if (registry.generatedTokens.length === 0) return;
  const kept = file ? ` and in ${file} (readable by you only)` : '';
  process.stdout.write(`rollcall registry: new tokens, kept in the database${kept}; \`rollcall tokens\` shows them again. For workers and operators:\n`);
  process.stdout.write(`${exportLine(registry, registry.generatedTokens)}\n`);
}

export function registryCommand(): Command {
  const command = new Command('registry').description(summaryOf('registry'));
  addSettingFlags(command, registrySettings);
  addConfigFlags(command, registryKeys, defaultRegistryConfig);
  return command.action(async function (this: Command, flags: RegistryFlags) {
    settingsOrExit(this, registrySettings, 'registry');
    const grpcPort = parsePort(flags.grpcPort, '--grpc-port');
    const httpPort = parsePort(flags.httpPort, '--http-port');
    const { joinToken, adminToken } = flags;
    const replica = replicaSettings(flags);
    let registry;
    try {
      const tls = loadTls(tlsPaths(flags), { certificate: true });
      const config = { ...(flags.config ? { file: flags.config } : {}), overrides: configOverrides(flags, registryKeys) };
      loadRegistryConfig(config); // a bad setting stops start-up with its one line, before the log's first
      const logger = createLogger({ name: 'registry', level: flags.logLevel, ...(flags.logFormat ? { format: flags.logFormat } : {}), stream: process.stderr });
      registry = await startRegistry({
        onStoreOpen: () => logStart(logger, 'registry'),
        tls,
        ...(flags.auditLog !== undefined ? { auditLog: flags.auditLog === false ? null : flags.auditLog } : {}),
        listenHost: flags.host,
        ...(flags.advertiseHost ? { advertiseHost: flags.advertiseHost } : {}),
        grpcPort,
        httpPort,
        db: flags.db,
        ...(replica ? { replica } : {}),
        config,
        logger,
        ...(flags.events ? { eventsFile: flags.events } : {}),
        ...(joinToken ? { joinToken } : {}),
        ...(adminToken ? { adminToken } : {}),
        ...(flags.protectReads ? { protectReads: true } : {}),
      });
    } catch (error) {
      if (!isStartupProblem(error)) throw error;
      process.stderr.write(`rollcall registry: ${error.message}\n`);
      process.exit(startupExitCode(error));
    }
    showTokens(flags.db, registry);
    const secure = registry.tls ? ` (TLS${registry.mtls ? ', client certificates required' : ''})` : '';
    process.stdout.write(`rollcall registry: gRPC on ${flags.host}:${registry.grpcPort}, REST on ${registry.tls ? 'https' : 'http'}://${flags.host}:${registry.httpPort}${secure}\n`);
    if (registry.replica) process.stdout.write(`rollcall registry: replica ${registry.replica.id}, ${registry.replica.leading ? 'leading' : 'standing by'}\n`);
    const stop = () => void registry.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

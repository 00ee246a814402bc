// Effective configuration from its sources, later wins (docs/behaviour.md §4): the defaults, a JSON config
// file, ROLLCALL_* environment variables, explicit overrides (the CLI's flags). The registry
// and the worker share the mechanism; each has its schema table. A key of the other's table
// is ignored in a file or the environment (one file can serve a whole deployment); a key of
// neither stops start-up, as does a bad value, with a ConfigError naming source and key.
import { readFileSync } from 'node:fs';
import { defaultRegistryConfig, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import { didYouMean } from './closest.ts';
import { ConfigError, type ConfigSource } from './config-error.ts';
import { envName, flagName, type ConfigSchema } from './config-schema.ts';
import { parseValue, renderValue } from './config-values.ts';
import { COMMAND_SETTING_KEYS } from './command-settings.ts';
import { registryKeys } from './registry-keys.ts';
import { defaultWorkerRuntimeConfig, workerKeys, type WorkerRuntimeConfig } from './worker-keys.ts';

export interface ConfigSources {
  /** Path of a JSON file holding one object of settings. */
  file?: string;
  /** The environment to read ROLLCALL_* variables from; `process.env` when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Explicit values by config key, text or typed (JSON-like); reported as flags. */
  overrides?: Readonly<Record<string, unknown>>;
}

/** What `GET /api/config` shows: every key, durations as strings with a unit. */
export type ConfigDescription = Record<string, string | number | boolean>;

const knownKeys = new Set([...Object.keys(registryKeys), ...Object.keys(workerKeys)]);
/** Keys a config file may hold besides the tuning keys: the commands' process settings. */
const fileKeys = new Set([...knownKeys, ...COMMAND_SETTING_KEYS]);
const keyByEnvName = new Map([...knownKeys].map((key) => [envName(key), key]));
const ENV_PREFIX = 'ROLLCALL_';
/** Variables of the rollcall commands themselves (process settings, admin's URL), not tuning keys: the loader leaves them alone. */
export const COMMAND_ENV_NAMES: ReadonlySet<string> = new Set(['ROLLCALL_HTTP', ...[...COMMAND_SETTING_KEYS].map(envName)]);
/** What the chaos harness hands a worker command of the user's (docs/chaos.md): not settings either. */
export const CHAOS_ENV_PREFIX = 'ROLLCALL_CHAOS_';
const envSuffixes = [...keyByEnvName.keys()].map((name) => name.slice(ENV_PREFIX.length));

function unknownEnv(name: string): ConfigError {
  const hint = didYouMean(name.slice(ENV_PREFIX.length), envSuffixes, (suffix) => ENV_PREFIX + suffix);
  return new ConfigError(`${name}: unknown setting${hint}`, 'env', name);
}

function unknownFlag(key: string, schemaKeys: readonly string[], component: string): ConfigError {
  const why = knownKeys.has(key) ? `not a ${component} setting` : `unknown setting${didYouMean(key, schemaKeys, flagName)}`;
  return new ConfigError(`flag ${flagName(key)}: ${why}`, 'flag', key);
}

/** The config file's one JSON object, or a ConfigError saying why it cannot be used. */
export function readConfigFile(path: string): Record<string, unknown> {
  const where = `config file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${where}: does not exist` : `${where}: cannot be read (${code ?? (error as Error).message})`, 'file');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${where}: not valid JSON (${(error as Error).message.split('\n', 1)[0]})`, 'file');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${where}: must hold one JSON object of settings, e.g. {"heartbeatInterval": "30s"}`, 'file');
  }
  return parsed as Record<string, unknown>;
}

/** Where a key's effective value came from, for errors that weigh one setting against another. */
type Origins = Map<string, { source: ConfigSource; where: string }>;

function loadWith<C extends object>(component: string, schema: ConfigSchema<C>, defaults: Readonly<C>, sources: ConfigSources, origins: Origins = new Map()): C {
  const config: Record<string, unknown> = { ...defaults };
  const set = (key: string, raw: unknown, source: ConfigSource, where: string) => {
    const spec = schema[key]!;
    try {
      config[spec.field] = parseValue(spec.kind, raw, spec);
    } catch (error) {
      throw new ConfigError(`${where}: ${(error as Error).message}`, source, key);
    }
    origins.set(key, { source, where });
  };
  if (sources.file !== undefined) {
    const where = `config file ${sources.file}`;
    for (const [key, raw] of Object.entries(readConfigFile(sources.file))) {
      if (Object.hasOwn(schema, key)) set(key, raw, 'file', `${where}: ${key}`);
      else if (!fileKeys.has(key)) throw new ConfigError(`${where}: unknown key ${JSON.stringify(key)}${didYouMean(key, fileKeys)}`, 'file', key);
    }
  }
  for (const [name, text] of Object.entries(sources.env ?? process.env)) {
    if (!name.startsWith(ENV_PREFIX) || text === undefined || COMMAND_ENV_NAMES.has(name) || name.startsWith(CHAOS_ENV_PREFIX)) continue;
    const key = keyByEnvName.get(name);
    if (key === undefined) throw unknownEnv(name);
    if (Object.hasOwn(schema, key)) set(key, text, 'env', name);
  }
  for (const [key, raw] of Object.entries(sources.overrides ?? {})) {
    if (raw === undefined) continue;
    if (!Object.hasOwn(schema, key)) throw unknownFlag(key, Object.keys(schema), component);
    set(key, raw, 'flag', `flag ${flagName(key)}`);
  }
  return config as C;
}

/** A live worker could not heartbeat (and a standby hand its beat on) before it is judged unhealthy. */
export function judgedTooSoon(config: RegistryConfig): boolean {
  return config.unhealthyAfterMs <= config.heartbeatIntervalMs + config.heartbeatFlushIntervalMs;
}

export function loadRegistryConfig(sources: ConfigSources = {}): RegistryConfig {
  const origins: Origins = new Map();
  const config = loadWith('registry', registryKeys, defaultRegistryConfig, sources, origins);
  if (judgedTooSoon(config)) {
    const show = (key: 'unhealthyAfter' | 'heartbeatInterval' | 'heartbeatFlushInterval') =>
      `${key} ${renderValue('duration', config[registryKeys[key]!.field] as number)} (${origins.get(key)?.where ?? 'the default'})`;
    const blamed = origins.has('unhealthyAfter') ? 'unhealthyAfter' : origins.has('heartbeatInterval') ? 'heartbeatInterval' : 'heartbeatFlushInterval';
    throw new ConfigError(
      `${show('unhealthyAfter')} must be longer than ${show('heartbeatInterval')} + ${show('heartbeatFlushInterval')}: a live worker would turn unhealthy between two heartbeats`,
      origins.get(blamed)?.source ?? 'flag',
      blamed,
    );
  }
  return config;
}

export function loadWorkerConfig(sources: ConfigSources = {}): WorkerRuntimeConfig {
  return loadWith('worker', workerKeys, defaultWorkerRuntimeConfig, sources);
}

/** Every key of `schema` with its value in `config`, as a config file would write it. */
export function describeWith<C extends object>(schema: ConfigSchema<C>, config: C): ConfigDescription {
  const out: ConfigDescription = {};
  for (const [key, spec] of Object.entries(schema)) out[key] = renderValue(spec.kind, config[spec.field] as number | boolean);
  return out;
}

/**
 * The effective settings by the key docs/behaviour.md names, durations rendered back as "30s"-style strings. A
 * worker config is told from a registry one by its `drainTimeoutMs` field.
 */
export function describeConfig(config: RegistryConfig | WorkerRuntimeConfig): ConfigDescription {
  return 'drainTimeoutMs' in config ? describeWith(workerKeys, config) : describeWith(registryKeys, config);
}

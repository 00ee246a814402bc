// Small parsers shared by the server commands: ports, endpoint lists, config-key flags, and
// the exit code of a start-up that failed.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ConfigError } from '../config/config-error.ts';
import { flagName, type ConfigSchema } from '../config/config-schema.ts';
import { renderValue } from '../config/config-values.ts';
import { parseDuration } from '../config/units.ts';
import { TlsError } from '../tls/tls-files.ts';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './usage-error.ts';

/**
 * How a server command that could not start exits: 2 when what the user wrote is wrong (a
 * setting or a flag's value, a file a flag names: ConfigError, TlsError), 1 when the run itself
 * failed (a port in use, a database or state dir that cannot be used).
 */
export function startupExitCode(error: unknown): number {
  return error instanceof ConfigError || error instanceof TlsError ? EXIT_USAGE : EXIT_FAILED;
}

export function parsePort(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`${flag} must be an integer from 0 to 65535, got "${text}"`);
  return Number(text);
}

/** A positive duration ("10s", "500ms"), or a usage error naming the flag. */
export function parseDurationFlag(text: string, flag: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  if (!(ms > 0)) throw new UsageError(`${flag} must be longer than zero, got "${text}"`);
  return ms;
}

/** "host:port,host:port" → endpoints, each checked. */
export function parseEndpoints(text: string, flag: string): string[] {
  const endpoints = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (endpoints.length === 0) throw new UsageError(`${flag} needs at least one HOST:PORT`);
  for (const endpoint of endpoints) {
    const colon = endpoint.lastIndexOf(':');
    if (colon <= 0) throw new UsageError(`${flag}: "${endpoint}" is not HOST:PORT`);
    parsePort(endpoint.slice(colon + 1), `${flag} port of "${endpoint}"`);
  }
  return endpoints;
}

/** "k=v,k=v" → a string map (capabilities, labels). */
export function parsePairs(text: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag}: "${pair}" is not KEY=VALUE`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

const TUNING = 'Tuning (config keys, also ROLLCALL_<KEY> variables; docs/configuration.md):';

/**
 * Adds one `--kebab-key <value>` option per config key, so every setting is a flag too, listed
 * under "Tuning" in help with its default. The default is shown, not set: a flag given is an
 * override, the loader applies the defaults.
 */
export function addConfigFlags<C extends object>(command: Command, schema: ConfigSchema<C>, defaults: Readonly<C>): Command {
  for (const [key, spec] of Object.entries(schema)) {
    const value = renderValue(spec.kind, defaults[spec.field] as number | boolean);
    command.addOption(new Option(`${flagName(key)} <value>`, `${spec.meaning} (default: ${String(value)})`).helpGroup(TUNING));
  }
  return command;
}

/** The config keys given as flags, by key name, as the loader's overrides. */
export function configOverrides<C>(flags: Record<string, unknown>, schema: ConfigSchema<C>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema)) {
    const value = flags[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** A token kept in a file: its first line, trimmed. Never echoes the content in an error. */
export function readTokenFile(file: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const token = (text.split(/\r?\n/)[0] ?? '').trim();
  if (!token) throw new UsageError(`${flag}: ${file} is empty`);
  return token;
}

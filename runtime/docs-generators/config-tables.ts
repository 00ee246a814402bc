// Rewrites the key tables in docs/configuration.md from the schema tables, and the process
// settings' tables from theirs, so the docs list exactly the keys, defaults and bounds in use.
//   npm run docs:config            (write)
//   npm run docs:config -- --check (exit 1 if the file is out of date)
import { join } from 'node:path';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { envName, type ConfigSchema, type KeySpec } from '../config/config-schema.ts';
import { formatBound, renderValue } from '../config/config-values.ts';
import { registryKeys } from '../config/registry-keys.ts';
import { flagOf, registrySettings, workerSettings, type CommandSetting } from '../config/command-settings.ts';
import { defaultWorkerRuntimeConfig, workerKeys } from '../config/worker-keys.ts';
import { runGenerator, withBlock } from './generated-block.ts';

export const configurationPath = join(import.meta.dirname, '../../docs/configuration.md');

function range<C>(spec: KeySpec<C>): string {
  if (spec.kind === 'boolean') return 'boolean';
  const min = spec.min === undefined ? '' : formatBound(spec.kind, spec.min);
  const max = spec.max === undefined ? '' : formatBound(spec.kind, spec.max);
  return `${spec.kind}, ${min} … ${max}`;
}

/** One Markdown row per key; `fieldColumn` adds the typed config field each key sets. */
export function configTable<C extends object>(schema: ConfigSchema<C>, defaults: Readonly<C>, fieldColumn: string | undefined): string {
  const head = ['key', 'default', 'kind, range', 'meaning', 'environment', ...(fieldColumn ? [fieldColumn] : [])];
  const rows = Object.entries(schema).map(([key, spec]) => {
    const value = renderValue(spec.kind, defaults[spec.field] as number | boolean);
    const cells = [`\`${key}\``, `\`${String(value)}\``, range(spec), spec.meaning, `\`${envName(key)}\``];
    return cells.concat(fieldColumn ? [`\`${spec.field}\``] : []);
  });
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** One Markdown row per process setting of a command: its key, flag, variable and default. */
export function settingsTable(settings: readonly CommandSetting[]): string {
  const head = ['key', 'flag', 'environment', 'default', 'meaning'];
  const rows = settings.map((s) => {
    const value = s.default === undefined ? '' : `\`${s.default}\``;
    const meaning = s.choices ? `${s.meaning}; one of ${s.choices.map((c) => `\`${c}\``).join(', ')}` : s.meaning;
    return [s.notInFile ? '(not in a file)' : `\`${s.key}\``, `\`${flagOf(s)}\``, `\`${envName(s.key)}\``, value, meaning.replaceAll('|', '\\|')];
  });
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const tables: Record<string, () => string> = {
  'keys:registry': () => configTable(registryKeys, defaultRegistryConfig, undefined),
  'keys:worker': () => configTable(workerKeys, defaultWorkerRuntimeConfig, 'field'),
  'settings:registry': () => settingsTable(registrySettings),
  'settings:worker': () => settingsTable(workerSettings),
};

/** The document with every `<!-- keys:NAME -->…<!-- /keys:NAME -->` (and `settings:NAME`) block regenerated. */
export function withConfigTables(document: string): string {
  let out = document;
  for (const [name, table] of Object.entries(tables)) out = withBlock(out, name, table(), 'docs/configuration.md');
  return out;
}

if (import.meta.main) runGenerator(configurationPath, 'docs/configuration.md', withConfigTables, 'npm run docs:config', 'key tables');

// The process settings of a server command (runtime/config/command-settings.ts) as flags, and
// their values from every source: a flag, else its ROLLCALL_* variable, else the config file
// (--config or ROLLCALL_CONFIG), else the default (docs/configuration.md, "Sources").
import { Option, type Command } from 'commander';
import { envName, flagName } from '../config/config-schema.ts';
import { ConfigError, type ConfigSource } from '../config/config-error.ts';
import { parseValue } from '../config/config-values.ts';
import { readConfigFile } from '../config/load-config.ts';
import { flagOf, type CommandSetting } from '../config/command-settings.ts';
import { EXIT_USAGE } from './usage-error.ts';

/** Adds one flag per setting, listed under its group in `--help`, with its default and variable. */
export function addSettingFlags(command: Command, settings: readonly CommandSetting[]): Command {
  for (const setting of settings) {
    const option = new Option(flagOf(setting), `${setting.meaning} [$${envName(setting.key)}]`).helpGroup(setting.group);
    if (setting.default !== undefined) option.default(setting.default);
    if (setting.choices) option.choices(setting.choices);
    // `--audit-log false` turns it off as its variable and config key do, rather than naming a file "false".
    if (setting.kind === 'file-or-off') option.argParser((value) => (value === 'false' ? false : value));
    command.addOption(option);
    if (setting.kind === 'file-or-off') command.addOption(new Option(`--no-${flagName(setting.key).slice(2)}`, `turn ${flagName(setting.key)} off`).helpGroup(setting.group));
  }
  return command;
}

function text(raw: unknown, where: string, source: ConfigSource, key: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  throw new ConfigError(`${where}: ${JSON.stringify(raw)} is not text`, source, key);
}

/** The value as the flag would have given it (text, or a boolean for a switch), or a ConfigError naming its source. */
function checked(setting: CommandSetting, raw: unknown, where: string, source: ConfigSource): string | boolean {
  const { key } = setting;
  const fail = (why: string) => new ConfigError(`${where}: ${JSON.stringify(raw)} ${why}`, source, key);
  try {
    if (setting.kind === 'boolean') return parseValue('boolean', raw, {}) as boolean;
    if (setting.kind === 'file-or-off' && (raw === false || raw === 'false')) return false;
  } catch (error) {
    throw new ConfigError(`${where}: ${(error as Error).message}`, source, key);
  }
  const value = text(raw, where, source, key);
  if (setting.kind === 'port' && !(/^\d+$/.test(value) && Number(value) <= 65535)) throw fail('is not a port (0 to 65535)');
  if (setting.kind === 'count' && !/^[1-9]\d*$/.test(value)) throw fail('is not a whole number above 0');
  if (setting.kind === 'choice' && !setting.choices!.includes(value)) throw fail(`is not one of ${setting.choices!.join(', ')}`);
  if (setting.kind === 'duration') {
    try {
      parseValue('duration', value, { min: 1 });
    } catch (error) {
      throw new ConfigError(`${where}: ${(error as Error).message}`, source, key);
    }
  }
  return value;
}

/**
 * Fills in every setting not given as a flag from its variable, else from the config file; a bad
 * value throws a ConfigError naming where it came from. `--config` itself may come from ROLLCALL_CONFIG.
 */
export function resolveSettings(command: Command, settings: readonly CommandSetting[], env: NodeJS.ProcessEnv = process.env): void {
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  if (!given('config') && env.ROLLCALL_CONFIG) command.setOptionValueWithSource('config', env.ROLLCALL_CONFIG, 'env');
  const file = command.getOptionValue('config') as string | undefined;
  const fromFile = file === undefined ? {} : readConfigFile(file);
  for (const setting of settings) {
    if (setting.key === 'config' || given(setting.key)) continue;
    const name = envName(setting.key);
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== '') {
      command.setOptionValueWithSource(setting.key, checked(setting, fromEnv, name, 'env'), 'env');
    } else if (!setting.notInFile && file !== undefined && Object.hasOwn(fromFile, setting.key)) {
      const value = checked(setting, fromFile[setting.key], `config file ${file}: ${setting.key}`, 'file');
      command.setOptionValueWithSource(setting.key, value, 'config');
    }
  }
}

/** resolveSettings, with a bad setting printed as one line after the command's name and exit 2. */
export function settingsOrExit(command: Command, settings: readonly CommandSetting[], name: string): void {
  try {
    resolveSettings(command, settings);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`rollcall ${name}: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
}

// The process settings (ports, database, TLS files, tokens, logs) of `registry` and `worker`:
// each is a flag, a ROLLCALL_* variable and a config-file key, with flag > environment > config
// file > default, a bad value named by its source, and the tuning-key loader leaving them alone.
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registrySettings, workerSettings, type CommandSetting } from '../../../runtime/config/command-settings.ts';
import { envName, flagName } from '../../../runtime/config/config-schema.ts';
import { loadRegistryConfig, loadWorkerConfig } from '../../../runtime/config/load-config.ts';
import { addSettingFlags, resolveSettings } from '../../../runtime/cli/setting-flags.ts';
import { ConfigFiles } from '../../support/config-files.ts';

const files = new ConfigFiles();
afterAll(() => files.remove());

/** Two different valid values of a setting, as text (a switch: true and false). */
function twoValues(setting: CommandSetting): [string, string] {
  switch (setting.kind) {
    case 'port': return ['1001', '1002'];
    case 'duration': return ['7s', '9s'];
    case 'count': return ['3', '5'];
    case 'boolean': return ['true', 'false'];
    case 'choice': return [setting.choices![0]!, setting.choices![1]!];
    default: return ['one', 'two'];
  }
}

/** The value a setting has after parsing `args` with `env` and a config file holding `file`. */
function resolved(settings: readonly CommandSetting[], key: string, sources: { args?: string[]; env?: Record<string, string>; file?: Record<string, unknown> }): unknown {
  const command = addSettingFlags(new Command('x').exitOverride(), settings);
  const config = sources.file ? ['--config', files.write(sources.file)] : [];
  command.parse([...config, ...(sources.args ?? [])], { from: 'user' });
  resolveSettings(command, settings, sources.env ?? {});
  return command.getOptionValue(key);
}

/** What the flag turns into: the text, or true for a switch. */
const flagArgs = (setting: CommandSetting, value: string) => (setting.kind === 'boolean' ? (value === 'true' ? [flagName(setting.key)] : []) : [flagName(setting.key), value]);
const typed = (setting: CommandSetting, value: string) => (setting.kind === 'boolean' ? value === 'true' : value);

const cases = [...registrySettings.map((s) => ['registry', s] as const), ...workerSettings.map((s) => ['worker', s] as const)]
  .filter(([, s]) => s.key !== 'config')
  .map(([command, setting]) => ({ command, key: setting.key, setting, settings: command === 'registry' ? registrySettings : workerSettings }));

describe('process settings: flag > environment > config file > default', () => {
  it.each(cases)('$command $key', ({ setting, settings, key }) => {
    const [a, b] = twoValues(setting);
    const variable = envName(key);
    expect(resolved(settings, key, {})).toBe(setting.default);
    expect(resolved(settings, key, { file: { [key]: typed(setting, a) } })).toBe(typed(setting, a));
    expect(resolved(settings, key, { file: { [key]: typed(setting, a) }, env: { [variable]: b } })).toBe(typed(setting, b));
    expect(resolved(settings, key, { env: { [variable]: a } })).toBe(typed(setting, a));
    if (setting.kind !== 'boolean') expect(resolved(settings, key, { env: { [variable]: a }, args: flagArgs(setting, b) })).toBe(b);
    else expect(resolved(settings, key, { env: { [variable]: 'false' }, args: flagArgs(setting, 'true') })).toBe(true);
  });

  it('takes the config file from ROLLCALL_CONFIG when --config is not given', () => {
    const file = files.write({ httpPort: 9090 });
    const command = addSettingFlags(new Command('x'), registrySettings).parse([], { from: 'user' });
    resolveSettings(command, registrySettings, { ROLLCALL_CONFIG: file });
    expect([command.getOptionValue('config'), command.getOptionValue('httpPort')]).toEqual([file, '9090']);
  });

  it('reads --audit-log false as --no-audit-log, from the flag, a variable or the file', () => {
    expect(resolved(registrySettings, 'auditLog', { args: ['--audit-log', 'false'] })).toBe(false);
    expect(resolved(registrySettings, 'auditLog', { args: ['--no-audit-log'] })).toBe(false);
    expect(resolved(registrySettings, 'auditLog', { args: ['--audit-log', 'a.jsonl'] })).toBe('a.jsonl');
    expect(resolved(registrySettings, 'auditLog', { env: { ROLLCALL_AUDIT_LOG: 'false' } })).toBe(false);
    expect(resolved(registrySettings, 'auditLog', { file: { auditLog: false } })).toBe(false);
    expect(resolved(registrySettings, 'auditLog', { file: { auditLog: 'a.jsonl' } })).toBe('a.jsonl');
  });
});

describe('process settings: bad values are named by their source', () => {
  it.each([
    { env: { ROLLCALL_HTTP_PORT: 'abc' }, message: 'ROLLCALL_HTTP_PORT: "abc" is not a port (0 to 65535)' },
    { env: { ROLLCALL_GRPC_PORT: '70000' }, message: 'ROLLCALL_GRPC_PORT: "70000" is not a port (0 to 65535)' },
    { env: { ROLLCALL_LOG_FORMAT: 'xml' }, message: 'ROLLCALL_LOG_FORMAT: "xml" is not one of pretty, json' },
    { env: { ROLLCALL_PROTECT_READS: 'yes' }, message: 'ROLLCALL_PROTECT_READS: "yes" is not true or false' },
    { env: { ROLLCALL_LEASE_TTL: '10' }, message: 'ROLLCALL_LEASE_TTL: "10" is not a duration' },
    { file: { db: ['a'] }, message: 'config file FILE: db: ["a"] is not text' },
  ])('$message', ({ env, file, message }) => {
    const path = file ? files.write(file) : undefined;
    const command = addSettingFlags(new Command('x'), registrySettings).parse(path ? ['--config', path] : [], { from: 'user' });
    expect(() => resolveSettings(command, registrySettings, env ?? {})).toThrow(message.replace('FILE', path ?? ''));
  });
});

describe('the tuning-key loader leaves process settings to the commands', () => {
  it('accepts them in the environment and in the file', () => {
    const env = Object.fromEntries(cases.map(({ key, setting }) => [envName(key), twoValues(setting)[0]]));
    const file = files.write({ httpPort: 8081, db: 'x.db', tlsCert: 'c.pem', stateDir: 'd', heartbeatInterval: '10s' });
    expect(loadRegistryConfig({ env, file }).heartbeatIntervalMs).toBe(10_000);
    expect(loadWorkerConfig({ env, file }).heartbeatIntervalMs).toBe(10_000);
  });
});

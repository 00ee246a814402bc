// Every way a setting can be refused, and the one line each produces: the source, the key,
// what is wrong, and where a misspelling is near a real key, the key that was meant.
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigSource } from '../../../runtime/config/config-error.ts';
import { loadRegistryConfig, loadWorkerConfig, type ConfigSources } from '../../../runtime/config/load-config.ts';
import { ConfigFiles } from '../../support/config-files.ts';

const files = new ConfigFiles();
afterAll(() => files.remove());

function refusal(load: (sources: ConfigSources) => unknown, sources: ConfigSources): ConfigError {
  try {
    load({ env: {}, ...sources });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(sources)}`);
}

type Case = [name: string, sources: () => ConfigSources, message: (s: ConfigSources) => string, source: ConfigSource, key: string | undefined];

const DURATION_HELP = '(use a number with a unit: us, ms, s, m, h, d — e.g. "30s", "1h30m")';

const registryCases: Case[] = [
  ['a misspelt key in the file', () => ({ file: files.write({ heartbeatIntervl: '30s' }) }),
    (s) => `config file ${s.file}: unknown key "heartbeatIntervl" (did you mean heartbeatInterval?)`, 'file', 'heartbeatIntervl'],
  ['a key like none in the file', () => ({ file: files.write({ colour: 'blue' }) }),
    (s) => `config file ${s.file}: unknown key "colour"`, 'file', 'colour'],
  ['an inherited property name in the file', () => ({ file: files.write('{"constructor": 1}') }),
    (s) => `config file ${s.file}: unknown key "constructor"`, 'file', 'constructor'],
  ['a missing file', () => ({ file: `${files.dir}/absent.json` }),
    (s) => `config file ${s.file}: does not exist`, 'file', undefined],
  ['a directory as the file', () => ({ file: files.dir }),
    (s) => `config file ${s.file}: cannot be read (EISDIR)`, 'file', undefined],
  ['a file that is not JSON', () => ({ file: files.write('heartbeatInterval = 30s\nflapLimit = 3') }),
    (s) => expect.stringMatching(new RegExp(`^config file ${s.file}: not valid JSON \\(.+\\)$`)) as unknown as string, 'file', undefined],
  ['a file that is not one object', () => ({ file: files.write(['heartbeatInterval']) }),
    (s) => `config file ${s.file}: must hold one JSON object of settings, e.g. {"heartbeatInterval": "30s"}`, 'file', undefined],
  ['a duration without a unit in the file', () => ({ file: files.write({ unhealthyAfter: 120000 }) }),
    (s) => `config file ${s.file}: unhealthyAfter: 120000 is not a duration: write it as a string with a unit, e.g. "30s"`, 'file', 'unhealthyAfter'],
  ['a duration in words from the environment', () => ({ env: { ROLLCALL_UNHEALTHY_AFTER: '2 minutes' } }),
    () => `ROLLCALL_UNHEALTHY_AFTER: "2 minutes" is not a duration ${DURATION_HELP}`, 'env', 'unhealthyAfter'],
  ['an empty duration', () => ({ env: { ROLLCALL_FAILED_AFTER: '' } }),
    () => 'ROLLCALL_FAILED_AFTER: a duration cannot be empty (use e.g. "30s", "2m", "500ms")', 'env', 'failedAfter'],
  ['a duration finer than a millisecond', () => ({ overrides: { dialTimeout: '1500us' } }),
    () => 'flag --dial-timeout: "1500us" is not a whole number of milliseconds', 'flag', 'dialTimeout'],
  ['a zero interval', () => ({ overrides: { healthCheckInterval: '0s' } }),
    () => 'flag --health-check-interval: "0s" is below the minimum, 1ms', 'flag', 'healthCheckInterval'],
  ['a duration over its maximum', () => ({ file: files.write({ deadlineResolution: '2m' }) }),
    (s) => `config file ${s.file}: deadlineResolution: "2m" is above the maximum, 1m`, 'file', 'deadlineResolution'],
  ['a count that is not whole', () => ({ env: { ROLLCALL_FLAP_LIMIT: '2.5' } }),
    () => 'ROLLCALL_FLAP_LIMIT: "2.5" is not a whole number', 'env', 'flapLimit'],
  ['a count as a word', () => ({ file: files.write({ jobQueueMax: 'lots' }) }),
    (s) => `config file ${s.file}: jobQueueMax: "lots" is not a whole number`, 'file', 'jobQueueMax'],
  ['a count under its minimum', () => ({ overrides: { consecutiveFailuresToFail: 0 } }),
    () => 'flag --consecutive-failures-to-fail: 0 is below the minimum, 1', 'flag', 'consecutiveFailuresToFail'],
  ['a fraction above one', () => ({ file: files.write({ massFailureFraction: 1.5 }) }),
    (s) => `config file ${s.file}: massFailureFraction: 1.5 is not a fraction from 0 to 1 (e.g. 0.55 or "55%")`, 'file', 'massFailureFraction'],
  ['a percentage above 100 %', () => ({ env: { ROLLCALL_MASS_FAILURE_FRACTION: '155%' } }),
    () => 'ROLLCALL_MASS_FAILURE_FRACTION: "155%" is not a fraction from 0 to 1 (e.g. 0.55 or "55%")', 'env', 'massFailureFraction'],
  ['a fraction under its minimum', () => ({ overrides: { massFailureFraction: 0 } }),
    () => 'flag --mass-failure-fraction: 0 is below the minimum, 0.01', 'flag', 'massFailureFraction'],
  ['a misspelt environment variable', () => ({ env: { ROLLCALL_HEARTBEAT_INTERVL: '45s' } }),
    () => 'ROLLCALL_HEARTBEAT_INTERVL: unknown setting (did you mean ROLLCALL_HEARTBEAT_INTERVAL?)', 'env', 'ROLLCALL_HEARTBEAT_INTERVL'],
  ['an environment variable like none', () => ({ env: { ROLLCALL_FAVOURITE_COLOUR: 'blue' } }),
    () => 'ROLLCALL_FAVOURITE_COLOUR: unknown setting', 'env', 'ROLLCALL_FAVOURITE_COLOUR'],
  ['a misspelt flag', () => ({ overrides: { cleanupAftr: '1h' } }),
    () => 'flag --cleanup-aftr: unknown setting (did you mean --cleanup-after?)', 'flag', 'cleanupAftr'],
  ['a worker-only key as a registry flag', () => ({ overrides: { rpcTimeout: '1s' } }),
    () => 'flag --rpc-timeout: not a registry setting', 'flag', 'rpcTimeout'],
  ['an unhealthyAfter a heartbeat cannot beat (flags)', () => ({ overrides: { heartbeatInterval: '5m', unhealthyAfter: '1m' } }),
    () => 'unhealthyAfter 1m (flag --unhealthy-after) must be longer than heartbeatInterval 5m (flag --heartbeat-interval) + heartbeatFlushInterval 1s (the default): a live worker would turn unhealthy between two heartbeats',
    'flag', 'unhealthyAfter'],
  ['a heartbeatInterval past the default unhealthyAfter (environment)', () => ({ env: { ROLLCALL_HEARTBEAT_INTERVAL: '2m' } }),
    () => 'unhealthyAfter 2m (the default) must be longer than heartbeatInterval 2m (ROLLCALL_HEARTBEAT_INTERVAL) + heartbeatFlushInterval 1s (the default): a live worker would turn unhealthy between two heartbeats',
    'env', 'heartbeatInterval'],
  ['an unhealthyAfter within the flush interval (file)', () => ({ file: files.write({ heartbeatInterval: '1s', heartbeatFlushInterval: '2s', unhealthyAfter: '3s' }) }),
    (s) => `unhealthyAfter 3s (config file ${s.file}: unhealthyAfter) must be longer than heartbeatInterval 1s (config file ${s.file}: heartbeatInterval) + heartbeatFlushInterval 2s (config file ${s.file}: heartbeatFlushInterval): a live worker would turn unhealthy between two heartbeats`,
    'file', 'unhealthyAfter'],
];

const workerCases: Case[] = [
  ['a switch that is neither true nor false', () => ({ env: { ROLLCALL_JITTER: 'sometimes' } }),
    () => 'ROLLCALL_JITTER: "sometimes" is not true or false', 'env', 'jitter'],
  ['a switch as a number in the file', () => ({ file: files.write({ exitOnRegistrationFailure: 2 }) }),
    (s) => `config file ${s.file}: exitOnRegistrationFailure: 2 is not true or false`, 'file', 'exitOnRegistrationFailure'],
  ['a factor that is not a number', () => ({ overrides: { factor: 'double' } }),
    () => 'flag --factor: "double" is not a number', 'flag', 'factor'],
  ['a factor that would shrink the backoff', () => ({ file: files.write({ factor: 0.5 }) }),
    (s) => `config file ${s.file}: factor: 0.5 is below the minimum, 1`, 'file', 'factor'],
  ['the …Ms field name instead of the key', () => ({ file: files.write({ maxDelayMs: '1m' }) }),
    (s) => `config file ${s.file}: unknown key "maxDelayMs" (did you mean maxDelay?)`, 'file', 'maxDelayMs'],
  ['a registry-only key as a worker flag', () => ({ overrides: { unhealthyAfter: '1m' } }),
    () => 'flag --unhealthy-after: not a worker setting', 'flag', 'unhealthyAfter'],
];

describe.each([
  ['loadRegistryConfig', loadRegistryConfig, registryCases],
  ['loadWorkerConfig', loadWorkerConfig, workerCases],
] as const)('%s refuses', (_name, load, cases) => {
  it.each(cases)('%s', (_case, makeSources, message, source, key) => {
    const sources = makeSources();
    const error = refusal(load, sources);
    expect(error.message).toEqual(message(sources));
    expect(error.message).not.toContain('\n');
    expect([error.name, error.source, error.key]).toEqual(['ConfigError', source, key]);
  });
});

// Where each setting comes from: defaults < config file < ROLLCALL_* environment < flags, the
// worker's keys of docs/behaviour.md landing on WorkerConfig's `…Ms` fields, and text or typed values alike.
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { defaultWorkerConfig } from '../../../machines/worker.config.ts';
import { loadRegistryConfig, loadWorkerConfig } from '../../../runtime/config/load-config.ts';
import { ConfigFiles } from '../../support/config-files.ts';

const files = new ConfigFiles();
afterAll(() => files.remove());

describe('loadRegistryConfig', () => {
  it('is the defaults when no source says anything', () => {
    expect(loadRegistryConfig({ env: {} })).toEqual(defaultRegistryConfig);
  });

  it('takes a later source over an earlier one, key by key', () => {
    const file = files.write({ heartbeatInterval: '10s', unhealthyAfter: '40s', failedAfter: '1m', flapLimit: 5 });
    const env = { ROLLCALL_UNHEALTHY_AFTER: '50s', ROLLCALL_FAILED_AFTER: '2m', PATH: '/usr/bin' };
    const config = loadRegistryConfig({ file, env, overrides: { failedAfter: '90s' } });
    expect(config).toEqual({
      ...defaultRegistryConfig,
      heartbeatIntervalMs: 10_000,
      unhealthyAfterMs: 50_000,
      failedAfterMs: 90_000,
      flapLimit: 5,
    });
  });

  it('reads each kind from JSON values and from text', () => {
    const fromFile = loadRegistryConfig({ env: {}, file: files.write({ massFailureFraction: 0.4, reconnectConcurrency: 8, removeAfter: '2d12h' }) });
    const fromEnv = loadRegistryConfig({
      env: { ROLLCALL_MASS_FAILURE_FRACTION: '40%', ROLLCALL_RECONNECT_CONCURRENCY: '8', ROLLCALL_REMOVE_AFTER: '60h' },
    });
    const fromFlags = loadRegistryConfig({ env: {}, overrides: { massFailureFraction: '0.4', reconnectConcurrency: 8, removeAfter: '3600m' } });
    for (const config of [fromFile, fromEnv, fromFlags]) {
      expect([config.massFailureFraction, config.reconnectConcurrency, config.removeAfterMs]).toEqual([0.4, 8, 60 * 3_600_000]);
    }
  });

  it('ignores flags left undefined and ROLLCALL_ variables without a value', () => {
    const config = loadRegistryConfig({ env: { ROLLCALL_DIAL_TIMEOUT: undefined }, overrides: { dialTimeout: undefined } });
    expect(config.dialTimeoutMs).toBe(defaultRegistryConfig.dialTimeoutMs);
  });

  it('ignores the worker-only keys of a shared file and environment', () => {
    const file = files.write({ heartbeatInterval: '20s', maxAttempts: 9, breakerOpen: '1m' });
    const config = loadRegistryConfig({ file, env: { ROLLCALL_RPC_TIMEOUT: '2s' } });
    expect(config).toEqual({ ...defaultRegistryConfig, heartbeatIntervalMs: 20_000 });
  });

  it('returns a fresh object each time', () => {
    const config = loadRegistryConfig({ env: {} });
    config.flapLimit = 99;
    expect(loadRegistryConfig({ env: {} }).flapLimit).toBe(defaultRegistryConfig.flapLimit);
    expect(defaultRegistryConfig.flapLimit).toBe(3);
  });
});

describe('loadWorkerConfig', () => {
  it('is the worker defaults and a 5 s RPC timeout when no source says anything', () => {
    expect(loadWorkerConfig({ env: {} })).toEqual({ ...defaultWorkerConfig, rpcTimeoutMs: 5_000 });
  });

  it('maps the keys of docs/behaviour.md onto the …Ms fields', () => {
    const file = files.write({ heartbeatInterval: '45s', initialDelay: '250ms', maxDelay: '1m', drainTimeout: '0s', breakerOpen: '10s' });
    const config = loadWorkerConfig({ file, env: { ROLLCALL_RPC_TIMEOUT: '1500ms' } });
    expect(config).toEqual({
      ...defaultWorkerConfig,
      heartbeatIntervalMs: 45_000,
      initialDelayMs: 250,
      maxDelayMs: 60_000,
      drainTimeoutMs: 0,
      breakerOpenMs: 10_000,
      rpcTimeoutMs: 1_500,
    });
  });

  it('sets the counts, the factor and the switches from every source', () => {
    const file = files.write({ maxAttempts: 7, factor: 1.5, jitter: false });
    const env = { ROLLCALL_EXIT_ON_REGISTRATION_FAILURE: 'true', ROLLCALL_DEREGISTER_ATTEMPTS: '4', ROLLCALL_BREAKER_FAILURE_THRESHOLD: '2' };
    const overrides = { breakerSuccessThreshold: '6', jitter: 'true', factor: 3 };
    expect(loadWorkerConfig({ file, env, overrides })).toMatchObject({
      maxAttempts: 7,
      factor: 3,
      jitter: true,
      exitOnRegistrationFailure: true,
      deregisterAttempts: 4,
      breakerFailureThreshold: 2,
      breakerSuccessThreshold: 6,
    });
  });

  it('shares ROLLCALL_HEARTBEAT_INTERVAL with the registry, and ignores the registry-only keys', () => {
    const env = { ROLLCALL_HEARTBEAT_INTERVAL: '45s', ROLLCALL_UNHEALTHY_AFTER: '3m' };
    expect(loadWorkerConfig({ env })).toEqual({ ...defaultWorkerConfig, rpcTimeoutMs: 5_000, heartbeatIntervalMs: 45_000 });
    expect(loadRegistryConfig({ env })).toMatchObject({ heartbeatIntervalMs: 45_000, unhealthyAfterMs: 180_000 });
  });

  it("leaves alone what the chaos harness hands a worker command (ROLLCALL_CHAOS_*), and still refuses a misspelt setting", () => {
    const env = { ROLLCALL_CHAOS_STATE_DIR: '/tmp/w1', ROLLCALL_CHAOS_REGISTRY: '127.0.0.1:1', ROLLCALL_RPC_TIMEOUT: '150ms' };
    expect(loadWorkerConfig({ env })).toEqual({ ...defaultWorkerConfig, rpcTimeoutMs: 150 });
    expect(() => loadWorkerConfig({ env: { ROLLCALL_CHAOSSTATE_DIR: 'x' } })).toThrow(/ROLLCALL_CHAOSSTATE_DIR: unknown setting/);
  });
});

// `describeConfig` writes the effective settings the way a config file would, and whatever it
// writes loads back to the same config, from a file or from the environment.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRegistryConfig, type RegistryConfig } from '../../../machines/registry/registry.config.ts';
import { envName, type ConfigSchema, type KeySpec } from '../../../runtime/config/config-schema.ts';
import { describeConfig, judgedTooSoon, loadRegistryConfig, loadWorkerConfig } from '../../../runtime/config/load-config.ts';
import { registryKeys } from '../../../runtime/config/registry-keys.ts';
import { defaultWorkerRuntimeConfig, workerKeys, type WorkerRuntimeConfig } from '../../../runtime/config/worker-keys.ts';
import { ConfigFiles } from '../../support/config-files.ts';
import { propertyParams } from '../../support/property.ts';

const files = new ConfigFiles();
afterAll(() => files.remove());

function asEnv(description: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(description).map(([key, value]) => [envName(key), String(value)]));
}

describe('describeConfig', () => {
  it('shows the registry defaults by the key docs/behaviour.md names, durations with units', () => {
    const shown = describeConfig(defaultRegistryConfig);
    expect(Object.keys(shown)).toEqual(Object.keys(registryKeys));
    expect(shown).toMatchObject({
      heartbeatInterval: '30s',
      unhealthyAfter: '2m',
      removeAfter: '7d',
      registrationLockout: '1h',
      massFailureFraction: 0.55,
      consecutiveFailuresToFail: 3,
    });
  });

  it('shows the worker settings by the key docs/behaviour.md names, not by field', () => {
    const shown = describeConfig({ ...defaultWorkerRuntimeConfig, initialDelayMs: 1_500, maxDelayMs: 90_061_001 });
    expect(Object.keys(shown)).toEqual(Object.keys(workerKeys));
    expect(shown).toMatchObject({ heartbeatInterval: '30s', initialDelay: '1s500ms', maxDelay: '1d1h1m1s1ms', rpcTimeout: '5s', jitter: true, factor: 2 });
  });

  it('loads back the defaults it shows', () => {
    expect(loadRegistryConfig({ env: {}, file: files.write(describeConfig(defaultRegistryConfig)) })).toEqual(defaultRegistryConfig);
    expect(loadWorkerConfig({ env: asEnv(describeConfig(defaultWorkerRuntimeConfig)) })).toEqual(defaultWorkerRuntimeConfig);
  });
});

/** Any value a key accepts. */
function valueOf<C>(spec: KeySpec<C>): fc.Arbitrary<number | boolean> {
  const min = spec.min ?? 0;
  const max = spec.max ?? 1_000_000;
  if (spec.kind === 'boolean') return fc.boolean();
  if (spec.kind === 'fraction' || spec.kind === 'number') return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Durations: sometimes round values, so that "2m" and "7d" are exercised as well as "1h2m3s4ms".
  const sizes = spec.kind === 'duration' ? [1, 1000, 60_000, 86_400_000].filter((size) => size <= max) : [1];
  const unit = fc.constantFrom(...sizes);
  return unit.chain((size) =>
    fc.integer({ min: Math.ceil(min / size), max: Math.floor(max / size) }).map((n) => n * size),
  );
}

function configOf<C>(schema: ConfigSchema<C>): fc.Arbitrary<C> {
  const fields = Object.fromEntries(Object.values(schema).map((spec) => [spec.field, valueOf(spec)]));
  return fc.record(fields) as unknown as fc.Arbitrary<C>;
}

describe('describeConfig, then load: the same config', () => {
  it('for any valid registry config, through a file and through the environment', () => {
    fc.assert(
      fc.property(configOf<RegistryConfig>(registryKeys).filter((c) => !judgedTooSoon(c)), (config) => {
        const shown = describeConfig(config);
        expect(loadRegistryConfig({ env: {}, file: files.write(shown) })).toEqual(config);
        expect(loadRegistryConfig({ env: asEnv(shown) })).toEqual(config);
      }),
      propertyParams(200),
    );
  });

  it('for any valid worker config, through a file and through flags', () => {
    fc.assert(
      fc.property(configOf<WorkerRuntimeConfig>(workerKeys), (config) => {
        const shown = describeConfig(config);
        expect(loadWorkerConfig({ env: {}, file: files.write(shown) })).toEqual(config);
        expect(loadWorkerConfig({ env: {}, overrides: shown })).toEqual(config);
      }),
      propertyParams(200),
    );
  });
});

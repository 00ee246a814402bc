// docs/configuration.md lists the keys the loader knows, with their defaults and bounds: its
// tables are generated from the schema tables, and this test fails when they drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envName } from '../../runtime/config/config-schema.ts';
import { registryKeys } from '../../runtime/config/registry-keys.ts';
import { registrySettings, workerSettings } from '../../runtime/config/command-settings.ts';
import { workerKeys } from '../../runtime/config/worker-keys.ts';
import { configurationPath, withConfigTables } from '../../runtime/docs-generators/config-tables.ts';

describe('docs/configuration.md', () => {
  const current = readFileSync(configurationPath, 'utf8');

  it('has key tables up to date (npm run docs:config)', () => {
    expect(withConfigTables(current)).toBe(current);
  });

  it.each([...registrySettings, ...workerSettings].map((s) => s.key))('lists the process setting %s with its environment name', (key) => {
    expect(current).toContain(`| \`${envName(key)}\` |`);
  });

  it.each(Object.keys({ ...registryKeys, ...workerKeys }))('lists %s with its environment name', (key) => {
    expect(current).toContain(`| \`${key}\` |`);
    expect(current).toContain(`| \`${envName(key)}\` |`);
  });
});

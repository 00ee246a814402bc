// machines/ stays pure: it imports only xstate and its siblings, and reaches for no ambient
// time, chance, timers, console or I/O.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../machines');
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

const forbidden: [string, RegExp][] = [
  ['Date', /\bDate\b/],
  ['Math.random', /Math\.random/],
  ['setTimeout/setInterval', /\bset(Timeout|Interval|Immediate)\b/],
  ['console', /\bconsole\./],
  ['process', /\bprocess\./],
];

describe('machines/ purity', () => {
  it.each(files)('%s imports only xstate and sibling files', (name) => {
    const source = readFileSync(join(dir, name), 'utf8');
    const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of specifiers) expect(spec === 'xstate' || /^\.\/[a-z0-9.-]+\.ts$/.test(spec), spec).toBe(true);
  });

  it.each(files)('%s uses no ambient time, chance, timers, console or I/O', (name) => {
    const code = readFileSync(join(dir, name), 'utf8').replace(/\/\/.*$/gm, '');
    for (const [what, pattern] of forbidden) expect(pattern.test(code), `${name} uses ${what}`).toBe(false);
  });

  it('kebab-case file names, each under 300 lines', () => {
    for (const name of files) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z]+)*\.ts$/);
      expect(readFileSync(join(dir, name), 'utf8').split('\n').length).toBeLessThan(300);
    }
  });
});

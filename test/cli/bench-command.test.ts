// `rollcall bench` as a user runs it: the list of benchmarks, each one's --help, and a bad flag
// or value refused in one line with exit code 2 (never a stack trace).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmarkNames } from '../../runtime/cli/bench.command.ts';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');

function rollcall(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const names = benchmarkNames();

describe('rollcall bench', () => {
  it('finds every benchmark folder of bench/', () => {
    expect(names).toEqual(expect.arrayContaining(['crash', 'dashboard', 'detect', 'heartbeat', 'members', 'proxy', 'replicas', 'sim']));
  });

  it('lists the benchmarks with --help and without a name', () => {
    for (const args of [['bench', '--help'], ['bench']]) {
      const run = rollcall(...args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Benchmarks: ${names.join(', ')}`);
    }
  });

  it('refuses an unknown benchmark, naming the ones there are', () => {
    const run = rollcall('bench', 'warp');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`rollcall: no benchmark named "warp" (the benchmarks: ${names.join(', ')})`);
  });

  it.each(names)('%s: --help prints its usage', (name) => {
    const run = rollcall('bench', name, '--help');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^usage: /i);
    expect(run.stdout).toContain(name);
  });

  it.each(names)('%s: an unknown flag is one line and exit 2', (name) => {
    const run = rollcall('bench', name, '--warp-speed');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --warp-speed/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['replicas', ['--rounds', 'many'], '--rounds must be a whole number from 1 to 100, not "many"'],
    ['replicas', ['--lease-ttl', '1s', '--lease-renew', '800ms'], '--lease-renew must be at most half of --lease-ttl'],
    ['crash', ['--rounds', '0'], '--rounds must be a whole number from 1 to 10000, not "0"'],
    ['sim', ['--duration', 'forever'], '--duration: "forever" is not a duration'],
    ['detect', ['--mode', 'dream'], '--mode is sim or real, got "dream"'],
    ['members', ['--members', '10,lots'], '--members must be a whole number from 1 to 10000000, not "lots"'],
    ['dashboard', ['--members', '0'], '--members must be a whole number from 1 to 10000000, not "0"'],
    ['compare', ['sim'], '--base REF is required'],
    ['compare', ['--base', 'no-such-ref', 'sim'], 'no commit named "no-such-ref"'],
    ['compare', ['--base', 'HEAD', 'warp'], 'no benchmark named "warp" to compare'],
    ['compare', ['--base', 'HEAD', '--runs', '0'], '--runs must be a whole number from 1 to 100, not "0"'],
  ])('%s %j is refused before anything runs', (name, flags, message) => {
    const run = rollcall('bench', name, ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

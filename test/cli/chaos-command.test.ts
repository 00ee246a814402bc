// `rollcall chaos` as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSchedule } from '../../runtime/chaos/property/fault-schedule.ts';
import { scenarios } from '../../scenarios/index.ts';
import { elementsNamed, parseXml } from '../support/xml-check.ts';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');
const rollcall = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('rollcall chaos', () => {
  it('lists the scenario library', () => {
    const run = rollcall('chaos', '--list');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(17);
    expect(run.stdout).toMatch(/^crash-and-restart\s+SIGKILL a worker/m);
  });

  it('runs chosen scenarios in simulation and prints a table ending in the counts', () => {
    const run = rollcall('chaos', 'crash-and-restart', 'registry-restart', '--seed', '4');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/crash-and-restart\s+sim\s+pass/);
    expect(run.stdout).toMatch(/detect unhealthy \d/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('2 passed, 0 failed');
  });

  it('prints JSON with --json', () => {
    const run = rollcall('chaos', 'lost-registration-reply', '--json');
    const results = JSON.parse(run.stdout) as { scenario: string; mode: string; passed: boolean }[];
    expect(results).toEqual([expect.objectContaining({ scenario: 'lost-registration-reply', mode: 'sim', passed: true })]);
  });

  it('replays a schedule token', () => {
    const ok = rollcall('chaos', '--replay', encodeSchedule({ workers: 3, seed: 1, steps: [{ atMs: 60_000, action: { kind: 'crash', worker: 0 } }] }));
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^replay: 3 workers, seed 1: 60s crash w1/);
  });

  it('runs a small property campaign', () => {
    const run = rollcall('chaos', '--property', '--runs', '5', '--seed', '9', '--shard', '2/2');
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/property chaos: 3 fault schedules, seed 10: every invariant held/);
    const replicated = rollcall('chaos', '--property', '--runs', '4', '--replicas', '2');
    expect(replicated.status, replicated.stdout).toBe(0);
    expect(replicated.stdout).toMatch(/property chaos: 4 fault schedules on 2 registry replicas, seed 1: every invariant held/);
  });

  it.each([
    [['nonexistent-scenario'], /no scenario "nonexistent-scenario"/],
    [['--mode', 'imaginary'], /--mode must be sim, real or both/],
    [['--property', '--replicas', '0'], /--replicas must be a whole number from 1 to 9, not "0"/],
    [['--property', '--shard', '3/2'], /--shard must be I\/N/],
    [['--replay', 'garbage'], /not a schedule/],
    [['--seed', '-1'], /seed must be a whole number/],
    [['crash-and-restart', '--mode', 'real', '--worker-command', ' '], /--worker-command must name a command/],
  ])('rejects %j with one line and exit 2', (args, message) => {
    const run = rollcall('chaos', ...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes the report file it is asked for', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rollcall-chaos-')), 'report.html');
    const run = rollcall('chaos', 'crash-and-restart', '--report', file);
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(100);
  });

  it('writes JUnit XML of the whole library: one test case per scenario and mode', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rollcall-chaos-')), 'ci', 'chaos.xml');
    const run = rollcall('chaos', '--all', '--junit', file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`junit: ${file}`);
    const cases = elementsNamed(parseXml(readFileSync(file, 'utf8')), 'testcase');
    const simulated = scenarios.filter((s) => !s.modes || s.modes.includes('sim')).map((s) => `rollcall.chaos.sim ${s.name}`);
    expect(cases.map((c) => `${c.attrs.classname} ${c.attrs.name}`).sort()).toEqual(simulated.sort());
    expect(elementsNamed(parseXml(readFileSync(file, 'utf8')), 'failure')).toEqual([]);
  });

  it('says in one line, with exit 1, that an output file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-chaos-'));
    const run = rollcall('chaos', 'lost-registration-reply', '--junit', dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`rollcall chaos: cannot write --junit ${dir}: EISDIR`);
  });

  it('documents its exit codes in --help', () => {
    const run = rollcall('chaos', '--help');
    expect(run.stdout).toMatch(/Exit codes:\n\s+0 +every run passed[\s\S]*\n\s+1 +a scenario or schedule failed[\s\S]*\n\s+2 +bad usage/);
  });
});

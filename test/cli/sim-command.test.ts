// `rollcall sim` as a user runs it: a real process, its output, its exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');

function rollcall(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('rollcall sim', () => {
  it('prints a JSON summary whose member counts add up to the worker count, and writes the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-sim-'));
    const log = join(dir, 'run.jsonl');
    const run = rollcall('sim', '--workers', '60', '--duration', '20m', '--seed', '3', '--crash', '10%', '--json', '--events', log);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    const byState = Object.values(summary.members.byState as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(summary.members.total).toBe(60);
    expect(byState).toBe(60);
    expect(summary.detection.crashes).toBe(6);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.length).toBe(summary.log.lines);
    expect(JSON.parse(lines[0]!).type).toBe('sim.started');
  });

  it('writes a self-contained HTML timeline with --report', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rollcall-sim-')), 'timeline.html');
    const run = rollcall('sim', '--workers', '8', '--duration', '15m', '--crash', '25%', '--report', file);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('node-8');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('prints a readable summary by default', () => {
    const run = rollcall('sim', '--workers', '20', '--duration', '5m', '--seed', '1');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/members\s+20 total/);
  });

  it.each([
    [['--workers', 'many'], /--workers: the worker count must be a whole number/],
    [['--duration', '10 parsecs'], /--duration: "10 parsecs" is not a duration/],
    [['--crash', '150%'], /--crash: "150%" is not a percentage/],
    [['--partition', '10%'], /--partition: partition: expected "@"/],
    [['--faults', 'meteor=1%'], /unknown fault "meteor"/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with one clear line and exit code 2', (args, message) => {
    const run = rollcall('sim', ...(args as string[]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('documents the fault syntax in --help', () => {
    const run = rollcall('sim', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/partition=P%@AT\+LEN/);
  });
});

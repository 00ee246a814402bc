// The heartbeat bench run end to end at a small size, against a real registry: what it measures
// must be heartbeats the registry accepted. (Its workers once shared one address, so the
// registry took them for one member re-registered again and again, and refused nearly every
// heartbeat: the bench measured the refusal path.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '../../bench/heartbeat/heartbeat.bench.ts');

describe('the heartbeat bench', () => {
  it('has every heartbeat of a small run accepted, two generators included', () => {
    const args = [bench, '--workers', '40', '--streams', '4', '--generators', '2', '--duration', '1s', '--warmup', '500ms', '--no-ceiling', '--json'];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { heartbeatsPerSecond: number; errors: number };
    expect(report.heartbeatsPerSecond).toBeGreaterThan(0);
    expect(report.errors).toBe(0);
  }, 150_000);

  it('at a fixed rate, opens the window only once the generator has been on schedule for a second', () => {
    const args = [bench, '--workers', '20', '--streams', '2', '--rate', '200', '--duration', '1s', '--warmup', '200ms', '--no-ceiling', '--json'];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { warmupMs: number; onSchedule: boolean; errors: number };
    // The second on schedule is longer than the --warmup asked for; the window waited for it.
    expect(report.warmupMs).toBeGreaterThanOrEqual(1000);
    expect(report.onSchedule).toBe(true);
    expect(report.errors).toBe(0);
  }, 150_000);
});

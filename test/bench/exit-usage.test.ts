// The preload `bench compare` puts into every benchmark process: it writes the process's CPU
// time and peak RSS at exit, and keeps its variable from the processes the benchmark starts
// (a registry refuses an unknown ROLLCALL_* variable, which broke `bench compare heartbeat`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const preload = join(import.meta.dirname, '../../bench/compare/exit-usage.ts');
const scratch = mkdtempSync(join(tmpdir(), 'rollcall-exit-usage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bench usage preload', () => {
  it('writes CPU and RSS at exit, and the benchmark and its children do not see its variable', () => {
    const usageFile = join(scratch, 'usage.json');
    const child = `require('node:child_process').execFileSync(process.execPath, ['-e', 'console.log(String(process.env.ROLLCALL_BENCH_USAGE_FILE))'], { stdio: 'inherit' })`;
    const script = `console.log(String(process.env.ROLLCALL_BENCH_USAGE_FILE)); ${child}`;
    const run = spawnSync(process.execPath, ['--import', preload, '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, ROLLCALL_BENCH_USAGE_FILE: usageFile },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['undefined', 'undefined']);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
    expect(usage.cpuMs).toBeGreaterThan(0);
    expect(usage.maxRssMb).toBeGreaterThan(10);
  });
});

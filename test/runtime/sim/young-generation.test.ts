// A large simulation starts itself again once with a young generation sized for its workers
// (runtime/sim/young-generation.ts); a small one runs as it was started.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LARGE_RUN_WORKERS, semiSpaceMbFor } from '../../../runtime/sim/young-generation.ts';

const helper = fileURLToPath(new URL('../../../runtime/sim/young-generation.ts', import.meta.url));

/** Runs a script that calls relaunchForWorkers(workers) and then prints its V8 flags: what each process printed. */
function runWith(workers: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-young-'));
  const script = join(dir, 'run.ts');
  writeFileSync(
    script,
    `import { relaunchForWorkers } from ${JSON.stringify(helper)};\n` +
      `relaunchForWorkers(${workers});\nconsole.log(JSON.stringify(process.execArgv.filter((a) => a.includes('semi'))));\n`,
  );
  try {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    return run.stdout.trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('young generation for large simulations', () => {
  it('sizes the semi-space by workers, from the large-run threshold, capped at 512 MB', () => {
    expect(semiSpaceMbFor(LARGE_RUN_WORKERS - 1)).toBeNull();
    expect(semiSpaceMbFor(10_000)).toBeNull();
    expect(semiSpaceMbFor(LARGE_RUN_WORKERS)).toBe(100);
    expect(semiSpaceMbFor(100_000)).toBe(500);
    expect(semiSpaceMbFor(1_000_000)).toBe(512);
  });

  it('runs a large run once, in a process started with the semi-space flag', () => {
    expect(runWith(100_000)).toEqual([JSON.stringify(['--max-semi-space-size=500'])]);
  });

  it('leaves a small run in the process it started in', () => {
    expect(runWith(1_000)).toEqual(['[]']);
  });
});

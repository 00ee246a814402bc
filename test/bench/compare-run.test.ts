// bench compare end to end, as a user runs it: HEAD's tree unpacked beside the working tree,
// a small simulator bench run on both sides in turn, and a JSON report whose work figures
// agree between the sides (same code, same seed) while its timing figures carry ratios.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');

describe('rollcall bench compare', () => {
  it('runs base and head interleaved and reports each figure with its ratio', () => {
    const args = ['bench', 'compare', '--base', 'HEAD', '--runs', '2', '--json', 'sim', '--', '--workers', '50', '--duration', '2m'];
    const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 240_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\[1\/4\] sim base: .*\n\[2\/4\] sim head: .*\n\[3\/4\] sim head: .*\n\[4\/4\] sim base: /);
    const report = JSON.parse(run.stdout) as { runs: number; flags: string[]; results: Array<{ bench: string; rows: Array<{ name: string; base: number; head: number; ratio: number }> }> };
    expect(report).toMatchObject({ runs: 2, flags: ['--workers', '50', '--duration', '2m'] });
    const rows = new Map(report.results[0]!.rows.map((row) => [row.name, row]));
    expect(rows.get('workers')).toMatchObject({ base: 50, head: 50, ratio: 1 });
    expect(rows.get('heartbeats')!.base).toBe(rows.get('heartbeats')!.head);
    for (const name of ['wallMs', 'process.wallMs', 'process.cpuMs', 'process.maxRssMb']) {
      expect(rows.get(name)!.ratio, name).toBeGreaterThan(0);
      expect(Number.isFinite(rows.get(name)!.ratio), name).toBe(true);
    }
  }, 300_000);
});

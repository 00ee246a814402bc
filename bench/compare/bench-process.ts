// One benchmark run in one source tree: `node bench/NAME/NAME.bench.ts --json FLAGS` as its
// own process, its JSON figures flattened, plus what the process cost as a whole (wall time
// measured here, CPU time and peak RSS reported by the preloaded exit-usage.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Figures, flattenFigures } from './figure-ratios.ts';

const EXIT_USAGE = pathToFileURL(fileURLToPath(new URL('exit-usage.ts', import.meta.url))).href;

export type BenchOutcome = { ok: true; figures: Figures } | { ok: false; reason: string };

export function benchScript(tree: string, name: string): string {
  return join(tree, 'bench', name, `${name}.bench.ts`);
}

export function runBenchProcess(tree: string, name: string, flags: readonly string[]): BenchOutcome {
  const scratch = mkdtempSync(join(tmpdir(), 'rollcall-compare-run-'));
  const usageFile = join(scratch, 'usage.json');
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', EXIT_USAGE, benchScript(tree, name), '--json', ...flags], {
      cwd: tree,
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
      env: { ...process.env, ROLLCALL_BENCH_USAGE_FILE: usageFile },
    });
    const wallMs = Math.round(performance.now() - started);
    if (run.status !== 0) {
      const last = run.stderr.trim().split('\n').at(-1) ?? '';
      return { ok: false, reason: `exit ${run.status ?? run.signal}${last ? `: ${last}` : ''}` };
    }
    const json = lastJsonLine(run.stdout);
    if (json === undefined) return { ok: false, reason: 'printed no JSON line with --json' };
    const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMb: number }) : undefined;
    const figures = flattenFigures(json);
    figures['process.wallMs'] = wallMs;
    if (usage) Object.assign(figures, { 'process.cpuMs': usage.cpuMs, 'process.maxRssMb': usage.maxRssMb });
    return { ok: true, figures };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function lastJsonLine(stdout: string): unknown {
  for (const line of stdout.trim().split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // a line that only looks like JSON; keep looking
    }
  }
  return undefined;
}

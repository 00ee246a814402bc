// `rollcall bench NAME [flags]`: runs bench/NAME/NAME.bench.ts (heartbeat, members, detect, sim,
// …) in a child Node process with the flags given, e.g.
//   rollcall bench heartbeat --workers 1000 --streams 10 --duration 30s --json
// `rollcall bench --help` lists the benchmarks; `rollcall bench NAME --help` shows one's flags.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { UsageError } from './usage-error.ts';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

/** The benchmarks `rollcall bench` can run: the folders of bench/ holding <name>.bench.ts. */
export function benchmarkNames(): string[] {
  return readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${BENCH_DIR}${entry.name}/${entry.name}.bench.ts`))
    .map((entry) => entry.name)
    .sort();
}

function usage(): string {
  return [
    'Usage: rollcall bench <name> [flags...]',
    '',
    'Run a benchmark from bench/; its flags go to it (rollcall bench <name> --help lists them).',
    'Figures and the commands behind them: docs/performance.md, docs/scale-out.md.',
    '',
    `Benchmarks: ${benchmarkNames().join(', ')}`,
  ].join('\n');
}

export function benchCommand(): Command {
  return new Command('bench')
    .description(summaryOf('bench'))
    .argument('[name]', 'the benchmark: bench/<name>/<name>.bench.ts')
    .argument('[flags...]', 'passed to the benchmark as given')
    .allowUnknownOption(true)
    .helpOption(false)
    .action((name: string | undefined, flags: string[]) => {
      // The benchmarks are TypeScript beside the sources: the installed package does not carry them.
      if (!existsSync(BENCH_DIR)) throw new UsageError('the benchmarks run from a checkout of the rollcall repository (they are not in the installed package)');
      if (name === undefined || name === '--help' || name === '-h') return void console.log(usage());
      const script = `${BENCH_DIR}${name}/${name}.bench.ts`;
      if (!/^[a-z-]+$/.test(name) || !existsSync(script)) {
        throw new UsageError(`no benchmark named "${name}" (the benchmarks: ${benchmarkNames().join(', ')})`);
      }
      const run = spawnSync(process.execPath, ['--expose-gc', script, ...flags], { stdio: 'inherit' });
      process.exitCode = run.status ?? 1;
    });
}

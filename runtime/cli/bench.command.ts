// `rollcall bench NAME [flags]`: runs bench/NAME/NAME.bench.ts (heartbeat, members, detect, sim,
// …) in a child Node process with the flags given, e.g.
//   rollcall bench heartbeat --workers 1000 --streams 10 --duration 30s --json
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { UsageError } from './usage-error.ts';

export function benchCommand(): Command {
  return new Command('bench')
    .description('Run a benchmark from bench/ (heartbeat, members, detect, sim, …); flags go to it (see docs/performance.md)')
    .argument('<name>', 'the benchmark: bench/<name>/<name>.bench.ts')
    .argument('[flags...]', 'passed to the benchmark as given')
    .allowUnknownOption(true)
    .helpOption(false)
    .action((name: string, flags: string[]) => {
      const script = fileURLToPath(new URL(`../../bench/${name}/${name}.bench.ts`, import.meta.url));
      if (!/^[a-z-]+$/.test(name) || !existsSync(script)) throw new UsageError(`no benchmark named "${name}" (bench/<name>/<name>.bench.ts)`);
      const run = spawnSync(process.execPath, [script, ...flags], { stdio: 'inherit' });
      process.exitCode = run.status ?? 1;
    });
}

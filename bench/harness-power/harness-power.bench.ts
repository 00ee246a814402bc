// Harness power: how many of the catalogue's planted bugs (bench/harness-power/mutants/) the
// chaos harness catches by itself — the simulated scenario library plus a property campaign —
// and by which invariant, with the size of the campaign's shrunk counterexample.
//   npx node bench/harness-power/harness-power.bench.ts [--mutants a,b] [--runs 100] [--json]
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from '../support/bench-args.ts';
import { CatalogueError, chooseMutants, readCatalogue, type Mutant } from './catalogue.ts';
import { MutantTreeError, runMutant, type MutantResult, type RunSettings } from './mutant-run.ts';
import { powerSummary, powerTable } from './power-table.ts';

const command = benchArgs(
  `usage: rollcall bench harness-power [--mutants a,b] [--runs 100] [--seed 1] [--parallel N] [--timeout 10m] [--json]
  plants each mutant of bench/harness-power/mutants/ in a scratch copy of the working tree, runs
  \`rollcall chaos --all --mode sim\` and a property campaign of --runs schedules on it, and prints
  per mutant: caught or not, by which invariant, and the campaign's shrunk counterexample size
  --mutants    only these (names with or without their number), comma-separated
  --parallel   mutants run at once (default: the core count)
  --timeout    wall-clock limit of each chaos run (default 10m)`,
  {
    mutants: { type: 'string', default: '' },
    runs: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    parallel: { type: 'string', default: String(availableParallelism()) },
    timeout: { type: 'string', default: '10m' },
    json: { type: 'boolean', default: false },
  },
);
const { values } = command;
const runs = command.whole('runs', values.runs, 1, 100_000);
const seed = command.whole('seed', values.seed, 0, 2 ** 31 - 1);
const parallel = command.whole('parallel', values.parallel, 1, 64);
const timeoutMs = command.duration('timeout', values.timeout);

function catalogue(): Mutant[] {
  try {
    const all = readCatalogue();
    const wanted = values.mutants.split(',').map((w) => w.trim()).filter(Boolean);
    return wanted.length > 0 ? chooseMutants(all, wanted) : all;
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    return command.refuse(error.message);
  }
}
const chosen = catalogue();

const repo = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'rollcall-harness-power-'));
const settings: RunSettings = { repo, scratch, runs, seed, timeoutMs };
const live = chosen.filter((m) => !m.equivalent);
const results: MutantResult[] = [];

function progressLine(result: MutantResult): string {
  const by = result.invariants.length > 0 ? ` by ${result.invariants.join(', ')}` : '';
  const steps = result.shrunkSteps === null ? '' : `, campaign shrunk to ${result.shrunkSteps} step(s)`;
  return `[${String(results.length).padStart(2)}/${live.length}] ${result.mutant.name}: ${result.verdict}${by}${steps} (${(result.wallMs / 1000).toFixed(1)} s)`;
}

/** Runs the mutants `parallel` at a time, each taking the next one not yet started. */
async function worker(queue: Mutant[]): Promise<void> {
  for (let mutant = queue.shift(); mutant; mutant = queue.shift()) {
    const result = await runMutant(mutant, settings);
    results.push(result);
    console.error(progressLine(result));
  }
}

try {
  console.error(`harness power: ${live.length} mutant(s), ${parallel} at a time, campaign of ${runs} schedules, seed ${seed}`);
  const queue = [...live];
  await Promise.all(Array.from({ length: Math.min(parallel, live.length) }, () => worker(queue)));
} catch (error) {
  if (!(error instanceof MutantTreeError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (process.exitCode !== 1) {
  const ordered = chosen.map((m) => results.find((r) => r.mutant === m) ?? m);
  const summary = powerSummary(results);
  if (values.json) console.log(JSON.stringify({ runs, seed, summary, mutants: ordered.map(jsonOf) }));
  else console.log(powerTable(ordered, summary, runs, seed));
}

function jsonOf(entry: MutantResult | Mutant) {
  if (!('verdict' in entry)) return { name: entry.name, rule: entry.rule, verdict: 'equivalent', equivalent: entry.equivalent };
  const { mutant, ...rest } = entry;
  return { name: mutant.name, rule: mutant.rule, ...rest };
}

// A regression guard: runs benchmarks of a base commit and of the working tree (or a second
// commit) in turn, A B B A A B …, several times in one session, and prints each figure's
// median on both sides with the head/base ratio and its spread. Absolute figures on a shared
// machine drift up to 2x between sessions; a ratio taken pair by pair in one session does not.
//   rollcall bench compare --base 5527ab9 sim
//   rollcall bench compare --base main --runs 3 sim heartbeat -- --duration 10m
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { benchArgs } from '../support/bench-args.ts';
import { benchScript, runBenchProcess } from './bench-process.ts';
import { compareFigures, type Figures } from './figure-ratios.ts';
import { formatComparison } from './comparison-table.ts';
import { resolveCommit, SourceTreeError, sourceTree } from './source-tree.ts';

const USAGE = `usage: rollcall bench compare --base REF [--head REF] [--runs 5] [--warmup 0] [--json] [BENCH...] [-- FLAGS]
  runs each BENCH (default: sim) with --json in REF's tree and in the working tree (or --head's),
  interleaved, --runs times each, and prints every figure's medians and the head/base ratio
  (median of the pairwise ratios, with their smallest and largest). FLAGS after -- go to every
  bench on both sides. A commit's tree is unpacked once under the temp folder and reused.`;

const repo = fileURLToPath(new URL('../../', import.meta.url));
const split = process.argv.indexOf('--', 2);
const own = split < 0 ? process.argv.slice(2) : process.argv.slice(2, split);
const passed = split < 0 ? [] : process.argv.slice(split + 1);

const command = benchArgs(
  USAGE,
  {
    base: { type: 'string' },
    head: { type: 'string' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
  own,
  true,
);
const { values, positionals } = command;
const refuse: (reason: string) => never = command.refuse;
const baseRef = values.base ?? refuse('--base REF is required');
const runs = command.whole('runs', values.runs, 1, 100);
const warmup = command.whole('warmup', values.warmup, 0, 10);
const names = positionals.length ? positionals : ['sim'];
for (const name of names) {
  if (name === 'compare' || !/^[a-z-]+$/.test(name) || !existsSync(benchScript(repo, name))) refuse(`no benchmark named "${name}" to compare`);
}

const say = (line: string) => console.error(line);

/** The two trees to run: the base commit's, and the head commit's or the working tree. */
function trees(): { base: { sha: string; subject: string; tree: string }; head: { label: string; tree: string } } {
  try {
    const commit = resolveCommit(repo, baseRef);
    const base = { ...commit, tree: sourceTree(repo, commit.sha, say) };
    if (!values.head) return { base, head: { label: `working tree at ${resolveCommit(repo, 'HEAD').sha.slice(0, 10)}`, tree: repo } };
    const other = resolveCommit(repo, values.head);
    return { base, head: { label: `${other.sha.slice(0, 10)} ${other.subject}`, tree: sourceTree(repo, other.sha, say) } };
  } catch (error) {
    if (error instanceof SourceTreeError) return refuse(error.message);
    throw error;
  }
}
const { base, head } = trees();

const results = [];
for (const name of names) {
  if (!existsSync(benchScript(base.tree, name))) refuse(`${baseRef} has no bench/${name}/${name}.bench.ts`);
  const sides = { base: [] as Figures[], head: [] as Figures[] };
  const total = (warmup + runs) * 2;
  let step = 0;
  for (let round = 0; round < warmup + runs; round++) {
    // Alternate who goes first, so that neither side always runs on the warmer machine.
    const order: Array<'base' | 'head'> = round % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
    for (const side of order) {
      step++;
      const tree = side === 'base' ? base.tree : head.tree;
      const outcome = runBenchProcess(tree, name, passed);
      if (!outcome.ok) {
        console.error(`${name} failed on the ${side} side: ${outcome.reason}`);
        process.exit(1);
      }
      const warm = round < warmup ? ' (warm-up, not counted)' : '';
      say(`[${step}/${total}] ${name} ${side}: ${(outcome.figures['process.wallMs']! / 1000).toFixed(1)} s${warm}`);
      if (round >= warmup) sides[side].push(outcome.figures);
    }
  }
  results.push({ bench: name, rows: compareFigures(sides.base, sides.head) });
}

const header = { base: `${base.sha.slice(0, 10)} ${base.subject}`, head: head.label, runs, flags: passed };
if (values.json) console.log(JSON.stringify({ ...header, results }));
else console.log(formatComparison(header, results));

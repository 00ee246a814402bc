// How fast `rollcall` starts, against the targets of docs/performance.md, with a baseline commit
// measured in the same run: `node bench/startup/startup.bench.ts [--baseline REV] [--runs 7]`.
// Each build runs the compiled command with Node called directly: `--version`, `--help`, and a
// worker until it listens, then idle for its RSS. The builds take turns within each round
// (interleaved, so a busy machine slows them alike); each figure is the median of the rounds.
// This checkout is measured twice: as shipped, and with Node's on-disk compile cache turned on
// (NODE_COMPILE_CACHE), the lever docs/performance.md weighs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs } from '../support/bench-args.ts';
import { SourceTreeError } from '../compare/source-tree.ts';
import { median } from '../support/stats.ts';
import { baselineBuild, checkoutBuild, type Build } from './baseline-build.ts';
import { commandSample, workerSample, type Sample } from './startup-probes.ts';

const command = benchArgs(
  `usage: rollcall bench startup [--baseline HEAD] [--runs 7] [--idle 2s] [--json]
  start-up of the compiled rollcall command against a baseline commit built in a scratch folder
  --baseline REV  the commit to compare with (default HEAD: what this checkout changes)
  --runs N        rounds; each figure is the median of N (default 7)
  --idle D        how long the worker idles before its RSS is read (default 2s)
  --json          print the medians as JSON`,
  { baseline: { type: 'string', default: 'HEAD' }, runs: { type: 'string', default: '7' }, idle: { type: 'string', default: '2s' }, json: { type: 'boolean' } },
);
const { values } = command;
const runs = command.whole('runs', values.runs, 1, 100);
const idleMs = command.duration('idle', values.idle);

interface Probe {
  name: string;
  target: { wallMs?: number; rssMb?: number };
  measure(build: Build): Sample | Promise<Sample>;
}

const PROBES: Probe[] = [
  { name: 'rollcall --version', target: { wallMs: 150 }, measure: (build) => commandSample(build, ['--version']) },
  { name: 'rollcall --help', target: { wallMs: 150 }, measure: (build) => commandSample(build, ['--help']) },
  { name: 'rollcall worker, listening', target: { wallMs: 300, rssMb: 60 }, measure: (build) => workerSample(build, idleMs) },
];


const checkout = checkoutBuild();
const cacheDir = mkdtempSync(join(tmpdir(), 'rollcall-compile-cache-'));
const cached: Build = { ...checkout, name: 'this checkout, compile cache', env: { NODE_COMPILE_CACHE: cacheDir }, remove: () => rmSync(cacheDir, { recursive: true, force: true }) };
function baselineOrRefuse(rev: string): Build {
  try {
    return baselineBuild(rev);
  } catch (error) {
    if (error instanceof SourceTreeError) return command.refuse(error.message);
    throw error;
  }
}
const builds: Build[] = [baselineOrRefuse(values.baseline), checkout, cached];
const samples = new Map<string, Sample[]>();
try {
  for (const build of builds) for (const probe of PROBES) await probe.measure(build); // warm-up: disk cache, compile cache
  for (let round = 0; round < runs; round++) {
    // A different build goes first each round.
    const order = builds.map((_, i) => builds[(i + round) % builds.length]!);
    for (const probe of PROBES) {
      for (const build of order) {
        const key = `${probe.name}|${build.name}`;
        samples.set(key, [...(samples.get(key) ?? []), await probe.measure(build)]);
      }
    }
  }
} finally {
  for (const build of builds) build.remove();
}

const rows = PROBES.flatMap((probe) =>
  builds.map((build) => {
    const taken = samples.get(`${probe.name}|${build.name}`)!;
    const rss = taken.flatMap((s) => (s.rssMb === undefined ? [] : [s.rssMb]));
    return { probe: probe.name, build: build.name, wallMs: median(taken.map((s) => s.wallMs)), cpuMs: median(taken.map((s) => s.cpuMs)), ...(rss.length ? { rssMb: median(rss) } : {}), target: probe.target };
  }),
);

if (values.json) {
  console.log(JSON.stringify({ node: process.versions.node, runs, rows }));
} else {
  console.log(`rollcall start-up, Node ${process.versions.node} called directly, median of ${runs} interleaved rounds`);
  console.log(`${'measure'.padEnd(28)} ${'build'.padEnd(32)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)} ${'RSS MB'.padStart(8)}  target`);
  for (const row of rows) {
    const { wallMs, rssMb } = row.target;
    const met = (wallMs === undefined || row.wallMs < wallMs) && (rssMb === undefined || row.rssMb === undefined || row.rssMb < rssMb);
    const target = [wallMs === undefined ? '' : `< ${wallMs} ms`, rssMb === undefined ? '' : `< ${rssMb} MB`].filter(Boolean).join(', ');
    const rss = row.rssMb === undefined ? '' : row.rssMb.toFixed(1);
    console.log(`${row.probe.padEnd(28)} ${row.build.padEnd(32)} ${row.wallMs.toFixed(0).padStart(8)} ${row.cpuMs.toFixed(0).padStart(8)} ${rss.padStart(8)}  ${target}${row.build === 'this checkout' ? (met ? ' (met)' : ' (missed)') : ''}`);
  }
}

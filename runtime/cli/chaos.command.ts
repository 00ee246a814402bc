// `rollcall chaos`: runs chaos scenarios in simulation and on real processes, or a
// property-based campaign of random fault schedules; exit 1 if any invariant broke.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { scenarios } from '../../scenarios/index.ts';
import { formatFailures, formatTable } from '../chaos/format-results.ts';
import { NO_POSTGRES, postgresAvailable } from '../chaos/real/postgres.ts';
import { planRuns } from '../chaos/mode-plan.ts';
import type { Mode, Scenario } from '../chaos/scenario.ts';
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { runScenario } from '../chaos/run-scenario.ts';
import { writeReport } from '../report/index.ts';
import { junitXml } from '../chaos/junit-report.ts';
import { parseCount } from '../config/units.ts';
import { loadOptional } from '../package/optional-dependency.ts';
import { progressBar } from './progress.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';
import { didYouMean } from '../config/closest.ts';
import { outputFlags, outputFormat } from './output.ts';

interface ChaosFlags {
  all?: boolean;
  mode: string;
  seed: string;
  scale: string;
  report?: string;
  json?: boolean;
  list?: boolean;
  property?: boolean;
  runs: string;
  shard?: string;
  replay?: string;
  suite?: boolean;
  replicas?: string;
  junit?: string;
  workerCommand?: string;
}

const EXIT_CODES = `
Exit codes:
  0  every run passed (or --list)
  1  a scenario or schedule failed: a broken invariant, a failed check, a wait that ran out, an
     error; or an output file (--report, --junit) could not be written
  2  bad usage: an unknown scenario, flag or value (one line on stderr)`;

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function pickScenarios(names: string[], all: boolean): Scenario[] {
  if (all || names.length === 0) return [...scenarios];
  return names.map((name) => {
    const found = scenarios.find((s) => s.name === name);
    if (!found) throw new UsageError(`no scenario "${name}"${didYouMean(name, scenarios.map((s) => s.name))} (rollcall chaos --list shows them)`);
    return found;
  });
}

function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, not "${text}"`);
  return { index: index - 1, count };
}

/** The campaign and its fault schedules, drawn with fast-check (an optional dependency). */
function propertyChaos() {
  return loadOptional('fast-check', 'rollcall chaos --property and --replay', async () => ({
    ...(await import('../chaos/property/campaign.ts')),
    ...(await import('../chaos/property/fault-schedule.ts')),
  }));
}

async function campaign(flags: ChaosFlags, seed: number): Promise<void> {
  const { runCampaign } = await propertyChaos();
  const runs = usage(() => parseCount(flags.runs, 1, 1_000_000, '--runs'));
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const progress = progressBar(runs);
  const replicas = flags.replicas === undefined ? undefined : usage(() => parseCount(flags.replicas!, 1, 9, '--replicas'));
  const outcome = await runCampaign({ runs, seed, ...(replicas ? { replicas } : {}), ...(shard ? { shard } : {}), onCase: (n) => progress.update(n, `${n} schedules`) });
  progress.finish();
  const coverage = { actions: Object.fromEntries(outcome.coverage.actions), transitions: outcome.coverage.transitions() };
  if (flags.json) process.stdout.write(JSON.stringify({ runs: outcome.runs, seed: outcome.seed, coverage, failure: outcome.failure && { ...outcome.failure, result: { ...outcome.failure.result, log: undefined } } }) + '\n');
  else process.stdout.write(`${outcome.coverage.format()}\n`);
  if (!outcome.failure) {
    const on = replicas === undefined ? '' : replicas > 1 ? ` on ${replicas} registry replicas` : ' on a single registry';
    if (!flags.json) process.stdout.write(`property chaos: ${outcome.runs} fault schedules${on}, seed ${outcome.seed}: every invariant held\n`);
    return;
  }
  const f = outcome.failure;
  if (!flags.json) {
    process.stdout.write(`property chaos: a schedule broke an invariant (seed ${f.seed}, path ${f.path}, shrunk ${f.shrinks} times)\n`);
    process.stdout.write(`  minimal schedule: ${f.story}\n${formatFailures([f.result])}`);
  }
  process.exitCode = EXIT_FAILED;
}

export function chaosCommand(): Command {
  return outputFlags(new Command('chaos'))
    .description(summaryOf('chaos'))
    .argument('[scenario...]', 'scenarios to run (default: all)')
    .option('--all', 'run every scenario')
    .option('--suite', 'the whole library in simulation, then on real processes (what npm start runs)')
    .option('--mode <mode>', 'sim, real or both', 'sim')
    .option('--seed <n>', 'seed of the simulated runs and of the campaign', '1')
    .option('--scale <f>', 'real mode: time scale of every setting (0.01 runs 2 minutes in 1.2 s)', '0.01')
    .option('--report <file>', 'write the HTML timeline report')
    .option('--list', 'list the scenarios and exit')
    .option('--property', 'run a property-based campaign of random fault schedules in simulation')
    .option('--runs <n>', 'schedules in the campaign', '100')
    .option('--shard <i/n>', 'run part I of N of the campaign')
    .option('--replicas <n>', 'the campaign runs registry replicas on one simulated database (1: a single registry; default: mostly a single registry, some schedules on 3 replicas)')
    .option('--replay <token>', 'replay one fault schedule (as a failing campaign printed it)')
    .option('--junit <file>', 'write the results as JUnit XML: one test case per scenario and mode')
    .option('--worker-command <command>', "real mode: run this (a process embedding startWorker) for each worker instead of rollcall worker; docs/chaos.md, 'Your own worker'")
    .addHelpText('after', EXIT_CODES)
    .action(async (names: string[], given: ChaosFlags) => {
      const flags = { ...given, json: outputFormat() === 'json' };
      if (flags.list) {
        if (flags.json) process.stdout.write(JSON.stringify(scenarios.map((s) => ({ name: s.name, summary: s.summary }))) + '\n');
        else for (const s of scenarios) process.stdout.write(`${s.name.padEnd(42)} ${s.summary}\n`);
        return;
      }
      const seed = usage(() => parseCount(flags.seed, 0, 2 ** 31 - 1, '--seed'));
      if (flags.property) return campaign(flags, seed);
      if (flags.replay) {
        const { decodeSchedule, describeSchedule, runSchedule } = await propertyChaos();
        const schedule = usage(() => decodeSchedule(flags.replay!));
        const result = await runSchedule(schedule);
        process.stdout.write(`replay: ${describeSchedule(schedule)}\n${formatTable([result])}`);
        if (!result.passed) process.exitCode = EXIT_FAILED;
        return;
      }
      await runScenarios(names, flags, seed);
    });
}

/** Named scenarios (or the library) in the modes asked for: the table, and the files asked for. */
async function runScenarios(names: string[], flags: ChaosFlags, seed: number): Promise<void> {
  const modes: Mode[] = flags.mode === 'both' ? ['sim', 'real'] : flags.mode === 'sim' || flags.mode === 'real' ? [flags.mode] : usage(() => {
    throw new Error(`--mode must be sim, real or both, not "${flags.mode}"`);
  });
  const scale = Number(flags.scale);
  if (!(scale > 0 && scale <= 1)) throw new UsageError(`--scale must be a number in (0, 1], not "${flags.scale}"`);
  if (flags.workerCommand !== undefined && flags.workerCommand.trim() === '') throw new UsageError('--worker-command must name a command, not ""');
  const chosen = pickScenarios(names, flags.all === true || flags.suite === true);
  const planned: Mode[] = flags.suite ? ['sim', 'real'] : modes;
  const whole = flags.suite === true || flags.all === true || names.length === 0;
  const { runs: plan, skipped } = planRuns(chosen, planned, whole, postgresAvailable());
  const progress = progressBar(plan.length);
  const results: ScenarioResult[] = [];
  const own = flags.workerCommand === undefined ? {} : { workerCommand: flags.workerCommand };
  for (const [i, { s, mode }] of plan.entries()) {
    progress.update(i, `${s.name} (${mode})`);
    results.push(await runScenario(s, mode, { seed, scale, ...own }));
  }
  progress.finish();
  const report = flags.report;
  if (report) writeOutput('--report', report, () => writeReport(report, results, { title: 'rollcall chaos', generatedAt: new Date().toISOString() }));
  const junit = flags.junit;
  if (junit) writeOutput('--junit', junit, () => writeFileSync(junit, junitXml(results, skipped.map((s) => ({ scenario: s.name, mode: 'real', why: NO_POSTGRES })))));
  if (flags.json) process.stdout.write(JSON.stringify(results.map((r) => ({ ...r, log: undefined }))) + '\n');
  const what = flags.suite ? 'in simulation and on real processes' : `mode ${flags.mode}`;
  const note = skipped.length > 0 ? `not run on real processes: ${skipped.map((s) => s.name).join(', ')} — ${NO_POSTGRES}\n` : '';
  const files = [flags.report && `report: ${flags.report} (raw events beside it in ${flags.report.replace(/\.html?$/i, "")}.events/)`, flags.junit && `junit: ${flags.junit}`].filter(Boolean).map((line) => `${line}\n`).join('');
  if (!flags.json) process.stdout.write(`rollcall chaos — ${chosen.length} scenario(s), ${what}, seed ${seed}\n${note}${formatTable(results)}${files}`);
  if (results.some((r) => !r.passed)) process.exitCode = EXIT_FAILED;
}

/** Writes an output file; one that cannot be written is said in one line and fails the run. */
function writeOutput(flag: string, path: string, write: () => unknown): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    write();
  } catch (error) {
    process.stderr.write(`rollcall chaos: cannot write ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

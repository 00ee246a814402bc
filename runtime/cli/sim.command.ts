// `rollcall sim`: one deterministic simulation run from the command line.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { renderTimeline } from '../report/index.ts';
import { resultOfRun } from '../report/sim-result.ts';
import { Command } from 'commander';
import { outputFlags, outputFormat } from './output.ts';
import { summaryOf } from './command-summaries.ts';
import { formatDuration, parseCount, parseDuration } from '../config/units.ts';
import { applyFault, emptyFaultPlan, FAULT_SYNTAX, parseFaults } from '../sim/fault-plan.ts';
import { runSimulation, type SimOptions, type SimResult } from '../sim/simulation.ts';
import { formatSummary } from '../sim/format-summary.ts';
import { progressBar } from './progress.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';
import { checkRun, formatViolations } from '../sim/check-run.ts';
import { relaunchForWorkers } from '../sim/young-generation.ts';

interface SimFlags {
  workers: string;
  duration: string;
  seed: string;
  faults?: string;
  crash?: string;
  partition: string[];
  latency?: string;
  loss?: string;
  dup?: string;
  registryCrash?: string;
  serviceTime?: string;
  jobs: string;
  capacity: string;
  events?: string;
  check?: boolean;
  report?: string;
}

/** Runs a parser on a flag's text, turning its complaint into a usage error that names the flag. */
function flag<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

const STDOUT = 1;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function simCommand(): Command {
  return outputFlags(new Command('sim'))
    .description(summaryOf('sim'))
    .option('--workers <n>', 'number of workers', '1000')
    .option('--duration <time>', 'virtual time to simulate', '1h')
    .option('--seed <n>', 'seed of every random choice (same seed, same log)', '1')
    .option('--faults <spec>', 'faults as key=value pairs, comma-separated (see below)')
    .option('--crash <P%[+DOWN]>', 'crash P% of workers at random moments, restarting after DOWN if given')
    .option('--partition <P%@AT+LEN>', 'cut P% of workers off the registry at AT for LEN (repeatable)', collect, [])
    .option('--latency <MEAN±JITTER>', 'one-way network latency, e.g. 200ms±50ms')
    .option('--loss <P%>', 'message loss probability')
    .option('--dup <P%>', 'message duplication probability')
    .option('--registry-crash <AT+DOWN>', 'crash the registry at AT, restart it DOWN later with its store')
    .option('--service-time <T>', 'registry CPU time per message, e.g. 200us')
    .option('--jobs <n>', 'jobs submitted per virtual minute', '20')
    .option('--capacity <n>', 'max concurrent jobs per worker', '4')
    .option('--events <file>', 'write the JSONL event log to FILE (-: stdout, the summary then going to stderr)')
    .option('--check', 'check the invariants of docs/behaviour.md §7 over the run; exit 1 if one is broken')
    .option('--report <file>', 'write an HTML timeline report of the run (one lane per worker; keeps the whole log in memory; -: stdout)')
    .addHelpText('after', `\n${FAULT_SYNTAX}\n\nExample:\n  rollcall sim --workers 1000 --duration 1h --seed 7 --crash 5%+10m --partition 10%@20m+5m --latency 20ms±5ms`)
    .action((flags: SimFlags) => {
      const run = simRunOf(flags);
      relaunchForWorkers(run.workers);
      const progress = progressBar(run.durationMs);
      const result = runSimulation({
        ...run,
        logFile: flags.events,
        keepLog: flags.check || flags.report ? true : (type) => type === 'member' || type.startsWith('fault.'),
        onProgress: (t) => progress.update(t, `${formatDuration(t)} of ${formatDuration(run.durationMs)} virtual`),
      });
      progress.finish();
      writeOutcome(flags, run, result);
    });
}

/** The run the flags ask for, each flag checked (a usage error names the bad one); the output files are created. */
function simRunOf(flags: SimFlags): Pick<SimOptions, 'workers' | 'durationMs' | 'seed' | 'faults' | 'jobsPerMinute' | 'capacity'> {
  const workers = flag('--workers', () => parseCount(flags.workers, 1, 1_000_000, 'the worker count'));
  const durationMs = flag('--duration', () => parseDuration(flags.duration));
  if (durationMs <= 0) throw new UsageError('--duration: must be longer than zero');
  const seed = flag('--seed', () => parseCount(flags.seed, 0, 2 ** 31 - 1, 'the seed'));
  const jobsPerMinute = flag('--jobs', () => parseCount(flags.jobs, 0, 1_000_000, 'the job rate'));
  const capacity = flag('--capacity', () => parseCount(flags.capacity, 1, 100, 'the capacity'));
  const faults = flag('--faults', () => parseFaults(flags.faults ?? '', emptyFaultPlan()));
  const single: [string, string | undefined][] = [
    ['crash', flags.crash],
    ['latency', flags.latency],
    ['loss', flags.loss],
    ['dup', flags.dup],
    ['registry-crash', flags.registryCrash],
    ['service-time', flags.serviceTime],
    ...flags.partition.map((p): [string, string] => ['partition', p]),
  ];
  for (const [key, value] of single) {
    if (value !== undefined) flag(`--${key}`, () => applyFault(faults, key, value));
  }
  if (flags.events && flags.events !== '-') flag('--events', () => closeSync(openSync(flags.events!, 'w')));
  if (flags.events === '-' && flags.report === '-') throw new UsageError('--events and --report cannot both be - (stdout)');
  if (flags.report && flags.report !== '-') flag('--report', () => closeSync(openSync(flags.report!, 'w')));
  return { workers, durationMs, seed, faults, jobsPerMinute, capacity };
}

/** The report, the summary (text or JSON) and, with --check, the invariants' verdict and exit code. */
function writeOutcome(flags: SimFlags, run: { workers: number; seed: number }, result: SimResult): void {
  if (flags.report) {
    const name = `sim ${run.workers} workers, seed ${run.seed}`;
    writeFileSync(flags.report === '-' ? STDOUT : flags.report, renderTimeline([resultOfRun(name, result)], { title: 'rollcall sim', generatedAt: new Date().toISOString() }));
  }
  const violations = flags.check ? checkRun(result) : [];
  const out = flags.events === '-' || flags.report === '-' ? process.stderr : process.stdout;
  if (outputFormat() === 'json') out.write(JSON.stringify(flags.check ? { ...result.summary, violations } : result.summary) + '\n');
  else out.write(formatSummary(result.summary) + formatViolations(violations, flags.check === true));
  if (violations.length > 0) process.exitCode = EXIT_FAILED;
}

// What one run of a scenario in one mode comes to: pass or fail, why, its figures, and the
// merged event log the invariants judged (also what the timeline report draws).
import type { LogEntry } from '../events/log-entry.ts';
import type { Violation } from '../invariants/invariant.ts';
import type { Mode } from './scenario.ts';

export interface Failure {
  /** `check`: the script's own expectation; `timeout`: an `until` ran out; `invariant`; `error`: the run broke. */
  kind: 'check' | 'timeout' | 'invariant' | 'error';
  message: string;
  /** The first violating event, for invariants. */
  entry?: LogEntry | null;
  invariant?: string;
}

export interface Figure {
  value: number;
  unit: 'ms' | 'count';
}

export interface ScenarioResult {
  scenario: string;
  mode: Mode;
  seed: number;
  passed: boolean;
  failures: Failure[];
  figures: Record<string, Figure>;
  /** Wall-clock time the run took. */
  wallMs: number;
  /** Scenario time covered, in production milliseconds. */
  scenarioMs: number;
  /** Every event of the run, time-ordered; `t` is scenario time in production milliseconds. */
  log: LogEntry[];
  /** The invariants the log was judged by (none when the run never got to its script). */
  invariants?: string[];
  /** Real mode: real time per production time; its figures are wall time ÷ this. */
  scale?: number;
  /** The command that runs it again (`runtime/chaos/replay-command.ts`), when the runner knows it. */
  replay?: string;
}

/** The failure a one-line summary leads with: the first broken invariant, else the first failure. */
export function headlineFailure(result: ScenarioResult): Failure | undefined {
  return result.failures.find((f) => f.kind === 'invariant') ?? result.failures[0];
}

export function failuresOf(violations: readonly Violation[]): Failure[] {
  return violations.map((v) => ({ kind: 'invariant', message: `${v.invariant}: ${v.message}`, entry: v.entry, invariant: v.invariant }));
}

// What a scenario's script accumulates in either mode: its checks, figures, `until` timeouts
// and any error, and the shared logic of `until` (mode-specific only in how time passes).
import type { LogEntry } from '../events/log-entry.ts';
import type { Violation } from '../invariants/invariant.ts';
import { formatDuration } from '../config/units.ts';
import { ScenarioError, UntilTimeout } from './duration.ts';
import type { Mode } from './scenario.ts';
import { failuresOf, type Failure, type Figure, type ScenarioResult } from './scenario-result.ts';

export class ScriptState {
  readonly failures: Failure[] = [];
  readonly figures: Record<string, Figure> = {};
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  figure(name: string, value: number, unit: Figure['unit']): void {
    this.figures[name] = { value: Math.round(value), unit };
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.failures.push({ kind: 'check', message });
  }

  /** Polls `condition`, letting `step` ms pass between looks, until it holds or `withinMs` passes. */
  async until(condition: () => Promise<boolean> | boolean, withinMs: number, what: string, pass: (stepMs: number) => Promise<void>, stepMs: number): Promise<void> {
    const deadline = this.#now() + withinMs;
    for (;;) {
      if (await condition()) return;
      const left = deadline - this.#now();
      if (left <= 0) throw new UntilTimeout(`${what} did not happen within ${formatDuration(withinMs)}`);
      await pass(Math.min(stepMs, left));
    }
  }

  /** Runs the script; a timeout or error becomes a failure instead of escaping. */
  async execute(script: () => Promise<void>): Promise<void> {
    try {
      await script();
    } catch (error) {
      if (error instanceof UntilTimeout) this.failures.push({ kind: 'timeout', message: error.message });
      else if (error instanceof ScenarioError) this.failures.push({ kind: 'error', message: error.message });
      else this.failures.push({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}

export function finishRun(
  scenario: string,
  mode: Mode,
  seed: number,
  state: ScriptState,
  violations: readonly Violation[],
  log: LogEntry[],
  wallMs: number,
  scenarioMs: number,
  judged: Pick<ScenarioResult, 'invariants' | 'scale'> = {},
): ScenarioResult {
  const failures = [...state.failures, ...failuresOf(violations)];
  return { scenario, mode, seed, passed: failures.length === 0, failures, figures: state.figures, wallMs: Math.round(wallMs), scenarioMs, log, ...judged };
}

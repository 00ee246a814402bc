// What the harness made of one mutant: the scenario library's results and the property
// campaign's outcome, as `rollcall chaos --json` prints them, folded into one verdict.

/** One failure as `rollcall chaos --json` prints it. */
interface PrintedFailure {
  kind: 'check' | 'timeout' | 'invariant' | 'error';
  invariant?: string;
}

export interface PrintedScenario {
  scenario: string;
  passed: boolean;
  failures: PrintedFailure[];
}

export interface PrintedCampaign {
  failure: null | { schedule: { steps: unknown[] }; replay: string; result: { failures: PrintedFailure[] } };
}

/** `caught`: an invariant named the bug; `timeout`, `check`, `crash`: failed without naming one. */
export type Catch = 'caught' | 'timeout' | 'check' | 'crash' | 'missed';

export interface Verdict {
  verdict: Catch;
  /** Invariants that flagged the mutant, in the library or the campaign. */
  invariants: string[];
  /** Scenarios of the library that failed. */
  scenarios: string[];
  /** Steps of the campaign's shrunk counterexample, when the campaign failed. */
  shrunkSteps: number | null;
  replay: string | null;
}

function invariantsOf(failures: PrintedFailure[]): string[] {
  return failures.flatMap((f) => (f.kind === 'invariant' && f.invariant ? [f.invariant] : []));
}

/**
 * Folds the two runs into a verdict; `null` stands for a run that printed nothing readable
 * (the process crashed or ran out of time), which is a `crash` unless an invariant was named.
 */
export function verdictOf(library: PrintedScenario[] | null, campaign: PrintedCampaign | null): Verdict {
  const failed = (library ?? []).filter((s) => !s.passed);
  const failures = [...failed.flatMap((s) => s.failures), ...(campaign?.failure?.result.failures ?? [])];
  const invariants = [...new Set(invariantsOf(failures))].sort();
  const kinds = new Set(failures.map((f) => f.kind));
  let verdict: Catch = 'missed';
  if (invariants.length > 0) verdict = 'caught';
  else if (library === null || campaign === null || kinds.has('error')) verdict = 'crash';
  else if (kinds.has('timeout')) verdict = 'timeout';
  else if (kinds.has('check')) verdict = 'check';
  return {
    verdict,
    invariants,
    scenarios: failed.map((s) => s.scenario),
    shrunkSteps: campaign?.failure ? campaign.failure.schedule.steps.length : null,
    replay: campaign?.failure?.replay ?? null,
  };
}

// The harness-power report: one row per mutant, and the figures the issue sets targets for
// (catch rate of the harness alone, catches that name an invariant, shrunk size).
import type { Mutant } from './catalogue.ts';
import type { MutantResult } from './mutant-run.ts';

export interface PowerSummary {
  /** Mutants run (equivalent ones are not). */
  mutants: number;
  /** Caught by a named invariant. */
  named: number;
  /** Failed a run without naming an invariant (timeout, check, crash). */
  unnamed: number;
  missed: number;
  /** Named catches whose campaign counterexample shrank to at most 5 steps. */
  shrunkWithin5: number;
  /** Named catches the campaign made (the rest only the library caught). */
  byCampaign: number;
}

export function powerSummary(results: MutantResult[]): PowerSummary {
  const named = results.filter((r) => r.verdict === 'caught');
  return {
    mutants: results.length,
    named: named.length,
    unnamed: results.filter((r) => r.verdict !== 'caught' && r.verdict !== 'missed').length,
    missed: results.filter((r) => r.verdict === 'missed').length,
    shrunkWithin5: named.filter((r) => r.shrunkSteps !== null && r.shrunkSteps <= 5).length,
    byCampaign: named.filter((r) => r.shrunkSteps !== null).length,
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)} %`);

function row(entry: MutantResult | Mutant): string {
  if (!('verdict' in entry)) return `| ${entry.name} | equivalent | — | — | ${entry.equivalent} |`;
  const steps = entry.shrunkSteps === null ? '—' : String(entry.shrunkSteps);
  const where = entry.scenarios.length > 0 ? `library: ${entry.scenarios.join(', ')}` : '';
  return `| ${entry.mutant.name} | ${entry.verdict} | ${entry.invariants.join(', ') || '—'} | ${steps} | ${where} |`;
}

/** The Markdown table docs/chaos.md keeps, with the summary line above it. */
export function powerTable(entries: (MutantResult | Mutant)[], s: PowerSummary, runs: number, seed: number): string {
  const lines = [
    `harness power (campaign of ${runs} schedules, seed ${seed}): ${s.named}/${s.mutants} caught by a named invariant (${percent(s.named, s.mutants)}), ` +
      `${s.unnamed} failed without naming one, ${s.missed} missed; ${s.byCampaign} caught by the campaign, ${s.shrunkWithin5} shrunk to ≤ 5 steps`,
    '',
    '| mutant | verdict | invariants | shrunk steps | failing scenarios, or why equivalent |',
    '|---|---|---|---|---|',
    ...entries.map(row),
  ];
  return lines.join('\n');
}

// The chaos command's human output: one line per scenario run, and the failures in full.
import { formatDuration } from '../config/units.ts';
import type { ScenarioResult } from './scenario-result.ts';

function figures(result: ScenarioResult): string {
  return Object.entries(result.figures)
    .map(([name, f]) => `${name} ${f.unit === 'ms' ? formatDuration(f.value) : f.value}`)
    .join(' · ');
}

export function formatResultLine(result: ScenarioResult, width: number): string {
  const verdict = result.passed ? 'pass' : 'FAIL';
  return `  ${result.scenario.padEnd(width)}  ${result.mode.padEnd(4)}  ${verdict}  ${formatDuration(result.wallMs).padStart(7)}  ${figures(result)}`;
}

export function formatFailures(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.passed) continue;
    lines.push(`✗ ${r.scenario} (${r.mode}, seed ${r.seed}):`);
    for (const f of r.failures) {
      lines.push(`    ${f.kind}: ${f.message.split('\n')[0]}`);
      if (f.entry) lines.push(`      first violating event: ${JSON.stringify(f.entry)}`);
    }
    if (r.replay) lines.push(`    replay: ${r.replay}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function formatTable(results: readonly ScenarioResult[]): string {
  const width = Math.max(8, ...results.map((r) => r.scenario.length));
  const header = `  ${'SCENARIO'.padEnd(width)}  MODE  RESULT   TIME  FIGURES`;
  const failed = results.filter((r) => !r.passed).length;
  return [header, ...results.map((r) => formatResultLine(r, width)), '', formatFailures(results), `${results.length - failed} passed, ${failed} failed`].join('\n') + '\n';
}

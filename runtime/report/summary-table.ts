// The table at the top of the report: one row per scenario × mode, linking to its timeline.
import type { Figure, ScenarioResult } from '../chaos/scenario-result.ts';
import { formatDuration } from '../config/units.ts';
import { escapeHtml } from './escape.ts';

export function formatFigure(figure: Figure): string {
  if (!Number.isFinite(figure.value)) return String(figure.value);
  return figure.unit === 'ms' ? (figure.value === 0 ? '0' : formatDuration(figure.value)) : String(figure.value);
}

/** The anchor of the i-th result's section. */
export function sectionId(index: number): string {
  return `result-${index + 1}`;
}

function row(result: ScenarioResult, index: number): string {
  const badge = result.passed ? '<span class="badge pass">pass</span>' : '<span class="badge fail">fail</span>';
  const figures = Object.entries(result.figures)
    .map(([name, figure]) => `<li>${escapeHtml(name)}: ${escapeHtml(formatFigure(figure))}</li>`)
    .join('');
  const failures = result.failures.map((f) => `<li>${escapeHtml(`[${f.kind}] ${f.message}`)}</li>`).join('');
  return (
    `<tr data-result="${index + 1}">` +
    `<td><a href="#${sectionId(index)}">${escapeHtml(result.scenario)}</a></td>` +
    `<td>${escapeHtml(result.mode)}</td>` +
    `<td class="num">${escapeHtml(String(result.seed))}</td>` +
    `<td>${badge}</td>` +
    `<td class="num">${escapeHtml(formatDuration(result.wallMs))}</td>` +
    `<td class="num">${escapeHtml(result.scenarioMs === 0 ? '0' : formatDuration(result.scenarioMs))}</td>` +
    `<td>${figures ? `<ul class="figures">${figures}</ul>` : ''}</td>` +
    `<td>${failures ? `<ul class="failures">${failures}</ul>` : ''}</td>` +
    '</tr>'
  );
}

export function summaryTable(results: readonly ScenarioResult[]): string {
  const head = ['scenario', 'mode', 'seed', 'result', 'wall time', 'scenario time', 'figures', 'failures'].map((h) => `<th>${h}</th>`).join('');
  return `<table class="summary"><thead><tr>${head}</tr></thead><tbody>${results.map(row).join('')}</tbody></table>`;
}

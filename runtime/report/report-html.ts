// The timeline report (SPEC §6): one self-contained HTML file — inline CSS and SVG, nothing
// fetched — with a summary table and, per scenario run, a timeline of every worker's states,
// the faults injected, the jobs, and where an invariant broke. The same input gives the same
// bytes: no clock is read here; the generation time comes from the caller.
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { escapeHtml } from './escape.ts';
import { legendHtml } from './legend-html.ts';
import { REPORT_CSS } from './report-css.ts';
import { sectionId, summaryTable } from './summary-table.ts';
import { LAYOUT, timelineSvg } from './timeline-svg.ts';
import { timelineOf } from './timeline-model.ts';

export interface TimelineOptions {
  title?: string;
  /** Shown as is under the title (an ISO time, say); nothing is shown without it. */
  generatedAt?: string;
  /** Job marks drawn per result, spread over its lanes (3000). */
  jobMarksMax?: number;
}

function section(result: ScenarioResult, index: number, jobMarksMax: number): string {
  const timeline = timelineOf(result, { plotWidth: LAYOUT.plotWidth, jobMarksMax });
  const { svg, drawn } = timelineSvg(timeline, `${sectionId(index)}-svg`);
  const verdict = result.passed ? '<span class="badge pass">pass</span>' : '<span class="badge fail">fail</span>';
  const failures = result.failures.length
    ? `<ul class="failures">${result.failures.map((f) => `<li>${escapeHtml(`[${f.kind}] ${f.message}`)}</li>`).join('')}</ul>`
    : '';
  const facts = `${result.mode} mode · seed ${result.seed} · ${timeline.lanes.length} workers · ${result.log.length} log entries`;
  return (
    `<section id="${sectionId(index)}">` +
    `<h2>${escapeHtml(result.scenario)} ${verdict}</h2>` +
    `<p class="meta">${escapeHtml(facts)}</p>${failures}` +
    `<div class="scroll">${svg}</div>` +
    legendHtml(drawn, timeline) +
    '</section>'
  );
}

export function renderTimeline(results: readonly ScenarioResult[], options: TimelineOptions = {}): string {
  const title = options.title ?? 'rollcall chaos report';
  const failed = results.filter((r) => !r.passed).length;
  const meta = `${results.length} run${results.length === 1 ? '' : 's'}, ${failed} failed${options.generatedAt ? ` · generated ${options.generatedAt}` : ''}`;
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>\n<body>` +
    `<h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}</p>` +
    summaryTable(results) +
    results.map((result, i) => section(result, i, options.jobMarksMax ?? 3000)).join('\n') +
    '\n</body></html>\n'
  );
}

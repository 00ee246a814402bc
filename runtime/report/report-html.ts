// The timeline report (docs/behaviour.md §6): one self-contained HTML file — inline CSS and SVG, nothing
// fetched — with a summary table and, per scenario run, a timeline of every worker's states,
// the faults injected, the jobs, and where an invariant broke; above it the invariants checked
// with their verdicts, the replay command of a failure, a link to the raw events and how the
// figures were measured; under it the heartbeat rate and detection latencies over time. The same input gives the same
// bytes: no clock is read here; the generation time comes from the caller.
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { escapeHtml } from './escape.ts';
import { legendHtml } from './legend-html.ts';
import { REPORT_CSS } from './report-css.ts';
import { sectionId, summaryTable } from './summary-table.ts';
import { LAYOUT, timelineSvg } from './timeline-svg.ts';
import { timelineOf, type Timeline } from './timeline-model.ts';
import type { TimeAxis } from './time-axis.ts';
import { measuresSvg } from './measures-svg.ts';
import { detectionLatencies, heartbeatRates } from './run-measures.ts';
import { eventsLinkHtml, figuresNote, invariantsHtml, replayHtml } from './verdicts-html.ts';

export interface TimelineOptions {
  title?: string;
  /** Shown as is under the title (an ISO time, say); nothing is shown without it. */
  generatedAt?: string;
  /** Job marks drawn per result, spread over its lanes (3000). */
  jobMarksMax?: number;
  /** Where the i-th result's raw events are, relative to the report (the chaos command writes them beside it). */
  eventsHref?: (index: number, result: ScenarioResult) => string;
}

function measures(result: ScenarioResult, timeline: Timeline, axis: TimeAxis): string {
  const laneOfMember = new Map(timeline.lanes.flatMap((lane) => lane.members.map((id) => [id, lane.name] as const)));
  const byLane = new Map(timeline.lanes.map((lane) => [lane.name, lane.faults] as const));
  return measuresSvg(axis, LAYOUT.width, heartbeatRates(result.log), detectionLatencies(result.log, laneOfMember, byLane));
}

function section(result: ScenarioResult, index: number, options: TimelineOptions): string {
  const timeline = timelineOf(result, { plotWidth: LAYOUT.plotWidth, jobMarksMax: options.jobMarksMax ?? 3000 });
  const { svg, drawn, axis } = timelineSvg(timeline, `${sectionId(index)}-svg`);
  const note = figuresNote(result);
  const verdict = result.passed ? '<span class="badge pass">pass</span>' : '<span class="badge fail">fail</span>';
  const failures = result.failures.length
    ? `<ul class="failures">${result.failures.map((f) => `<li>${escapeHtml(`[${f.kind}] ${f.message}`)}</li>`).join('')}</ul>`
    : '';
  const facts = `${result.mode} mode · seed ${result.seed} · ${timeline.lanes.length} workers · ${result.log.length} log entries`;
  return (
    `<section id="${sectionId(index)}">` +
    `<h2>${escapeHtml(result.scenario)} ${verdict}</h2>` +
    `<p class="meta">${escapeHtml(facts)}</p>${failures}` +
    replayHtml(result) +
    eventsLinkHtml(options.eventsHref?.(index, result), result) +
    invariantsHtml(result) +
    (note ? `<p class="figures-note">${escapeHtml(note)}</p>` : '') +
    `<div class="scroll">${svg}${measures(result, timeline, axis)}</div>` +
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
    results.map((result, i) => section(result, i, options)).join('\n') +
    '\n</body></html>\n'
  );
}

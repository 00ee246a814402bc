// Violations in the report: the first violating entry's time and lane get a marker with the
// invariant's name and message; hostile names and messages arrive escaped.
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../../runtime/chaos/scenario-result.ts';
import { failuresOf } from '../../../runtime/chaos/scenario-result.ts';
import { violation } from '../../../runtime/invariants/invariant.ts';
import { renderTimeline } from '../../../runtime/report/report-html.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';
import { LAYOUT } from '../../../runtime/report/timeline-svg.ts';
import { byKind, n, sectionSvg, shapes, tagProblems } from './read-html.ts';
import { chaosRun } from './report-fixtures.ts';

const xOf = (t: number, endMs: number) => LAYOUT.labelWidth + 4 + (t / endMs) * LAYOUT.plotWidth;

/** The run with one invariant failure planted on an entry picked from its log. */
function withViolation(result: ScenarioResult, pick: (e: LogEntry) => boolean, name: string, message: string): ScenarioResult {
  const entry = result.log.find(pick)!;
  return { ...result, passed: false, failures: failuresOf([violation(name, message, entry)]) };
}

describe('violations in the timeline', () => {
  it('highlights a member entry on its lane at its time, with the invariant and message', () => {
    const base = chaosRun();
    const result = withViolation(base, (e) => e.type === 'member' && e.to === 'failed', 'crash-detected-in-time', 'node-2 was failed too late');
    const entry = result.failures[0]!.entry!;
    const all = shapes(sectionSvg(renderTimeline([result]), 1));
    const [marker] = byKind(all, 'violation');
    expect(byKind(all, 'violation')).toHaveLength(1);
    expect(marker!.attrs['data-invariant']).toBe('crash-detected-in-time');
    expect(marker!.attrs['data-lane']).toBe(entry.id);
    expect(n(marker!, 'x1')).toBeCloseTo(xOf(entry.t, base.scenarioMs), 0);
    const lane = byKind(all, 'member').filter((s) => s.attrs['data-lane'] === entry.id);
    const laneTop = Math.min(...lane.map((s) => n(s, 'y')));
    expect(n(marker!, 'y1')).toBeLessThanOrEqual(laneTop);
    expect(n(marker!, 'y2')).toBeGreaterThan(laneTop + 10);
    expect(marker!.title).toContain('crash-detected-in-time: node-2 was failed too late');
    expect(marker!.title).toContain(`(${String(entry.t).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} ms)`);
    const html = renderTimeline([result]);
    expect(html.match(/class="violation-note"><title>/g)).toHaveLength(1);
    expect(html).not.toContain('crash-detected-in-time: crash-detected-in-time');
  });

  it('puts a job entry on the lane of the member it names, and a registry entry on the registry row', () => {
    const base = chaosRun();
    const job = withViolation(base, (e) => e.type === 'job' && e.state === 'assigned', 'jobs-assigned-to-active-members-only', 'job assigned to a failed member');
    const restart = withViolation(base, (e) => e.type === 'registry.restarted', 'registry-restart-keeps-members', 'a member went missing');
    const html = renderTimeline([job, restart]);
    const [onLane] = byKind(shapes(sectionSvg(html, 1)), 'violation');
    expect(onLane!.attrs['data-lane']).toBe(job.failures[0]!.entry!.member);
    const second = shapes(sectionSvg(html, 2));
    const [onRegistry] = byKind(second, 'violation');
    const [registryRow] = byKind(second, 'registry-lane');
    expect(onRegistry!.attrs['data-lane']).toBe('');
    expect(n(onRegistry!, 'y1')).toBe(n(registryRow!, 'y'));
  });

  it('escapes a hostile worker name and failure message everywhere', () => {
    const hostile = `<img src=x onerror="alert('&')">`;
    const rename = (v: unknown) => (v === 'node-2' ? hostile : Array.isArray(v) ? v.map((x) => (x === 'node-2' ? hostile : x)) : v);
    const log = chaosRun().log.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, rename(v)])) as LogEntry);
    const renamed: ScenarioResult = { ...chaosRun(), scenario: `<b>"quoted" & 'single'</b>`, log };
    const result = withViolation(renamed, (e) => e.type === 'member' && e.id === hostile, 'one-live-session-per-worker-id', `${hostile} is </svg><script>x</script>`);
    const html = renderTimeline([result], { title: '<title>', generatedAt: '"now"' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(tagProblems(html)).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(&#39;&amp;&#39;)&quot;&gt;');
    const all = shapes(sectionSvg(html, 1));
    expect(byKind(all, 'member').some((s) => s.attrs['data-lane'] === hostile)).toBe(true);
    expect(byKind(all, 'violation')[0]!.attrs['data-lane']).toBe(hostile);
  });

  it('lists failures without an entry in the summary and section, with no marker', () => {
    const result: ScenarioResult = { ...chaosRun(), passed: false, failures: [{ kind: 'timeout', message: 'w1 never active within 2m' }] };
    const html = renderTimeline([result]);
    expect(html.match(/\[timeout\] w1 never active within 2m/g)).toHaveLength(2);
    expect(byKind(shapes(sectionSvg(html, 1)), 'violation')).toHaveLength(0);
    expect(html).toContain('<span class="badge fail">fail</span>');
  });
});

describe('degenerate input', () => {
  it('renders no results, and a result with an empty log, as well-formed pages', () => {
    expect(tagProblems(renderTimeline([]))).toEqual([]);
    expect(renderTimeline([])).toContain('0 runs, 0 failed');
    const empty: ScenarioResult = { scenario: 'empty', mode: 'real', seed: 1, passed: true, failures: [], figures: {}, wallMs: 1500, scenarioMs: 0, log: [] };
    const html = renderTimeline([empty]);
    expect(tagProblems(html)).toEqual([]);
    expect(html).toContain('real mode · seed 1 · 0 workers · 0 log entries');
    expect(html).toContain('<td class="num">1.5s</td>');
  });

  it('skips entries without a finite time instead of drawing NaN', () => {
    const log = [...chaosRun().log, { t: Number.NaN, type: 'worker', node: 'node-1', id: 'node-1', from: 'active', to: 'down' } as LogEntry];
    const html = renderTimeline([{ ...chaosRun(), log }]);
    expect(html).not.toContain('NaN');
  });
});

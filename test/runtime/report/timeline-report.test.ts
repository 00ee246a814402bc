// The timeline report of real simulator runs: well-formed, self-contained, every lane and
// state drawn within the axis and explained by the legend, crashes, partitions and registry
// down-time where the log puts them, the same bytes for the same input.
import { describe, expect, it } from 'vitest';
import { renderTimeline } from '../../../runtime/report/report-html.ts';
import { LAYOUT } from '../../../runtime/report/timeline-svg.ts';
import { byKind, n, sectionHtml, sectionSvg, shapes, tagProblems, type Shape } from './read-html.ts';
import { chaosRun, guardRun } from './report-fixtures.ts';

const x0 = LAYOUT.labelWidth + 4;
const x1 = x0 + LAYOUT.plotWidth;
/** The x of a time in the report's scale, for a run of `endMs`. */
const xOf = (t: number, endMs: number) => x0 + (t / endMs) * LAYOUT.plotWidth;

function laneShapes(all: readonly Shape[], kind: string, lane: string): Shape[] {
  return byKind(all, kind).filter((s) => s.attrs['data-lane'] === lane);
}

describe('renderTimeline on a simulated chaos run', () => {
  const result = chaosRun();
  const html = renderTimeline([result, guardRun()], { title: 'report test', generatedAt: '2026-01-01T00:00:00Z' });
  const svg = sectionSvg(html, 1);
  const all = shapes(svg);
  const endMs = result.scenarioMs;

  it('is well-formed and needs no network', () => {
    expect(tagProblems(html)).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\bsrc=/);
    expect(html).not.toMatch(/@import|url\((?!#)/);
  });

  it('has a summary row per result linking to its section, and the generation time given', () => {
    expect(html.match(/<tr data-result=/g)).toHaveLength(2);
    expect(html).toContain('<a href="#result-1">crash, partition &amp; registry restart</a>');
    expect(html).toContain('<section id="result-2">');
    expect(html).toContain('generated 2026-01-01T00:00:00Z');
  });

  it('draws every rect with finite coordinates inside the plot', () => {
    const drawnInPlot = all.filter((s) => s.tag === 'rect' && s.attrs['data-kind'] !== undefined && s.attrs['data-kind'] !== 'stripe');
    expect(drawnInPlot.length).toBeGreaterThan(50);
    for (const r of drawnInPlot) {
      const [x, y, w, h] = [n(r, 'x'), n(r, 'y'), n(r, 'width'), n(r, 'height')];
      expect([x, y, w, h].every(Number.isFinite), JSON.stringify(r.attrs)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(x0 - 0.05);
      expect(x + w).toBeLessThanOrEqual(x1 + 0.5);
      expect(w).toBeGreaterThan(0);
      expect(h).toBeGreaterThan(0);
    }
  });

  it('has one labelled lane per worker, with member and worker bands', () => {
    const nodes = [...new Set(result.log.filter((e) => e.type === 'worker').map((e) => String(e.node)))];
    expect(nodes).toHaveLength(8);
    for (const node of nodes) {
      expect(svg).toContain(`class="lane-name"><title>${node}`);
      expect(laneShapes(all, 'member', node).length).toBeGreaterThan(0);
      expect(laneShapes(all, 'worker', node).length).toBeGreaterThan(0);
    }
    const labels = [...svg.matchAll(/class="lane-name"><title>[^<]*<\/title>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual([...nodes].sort());
  });

  it('lists in the legend every state and mark it draws', () => {
    const legend = sectionHtml(html, 1).split('</svg>').at(-1)!;
    const keys = new Set(all.filter((s) => ['member', 'worker', 'job', 'fault'].includes(s.attrs['data-kind']!)).map((s) => `${s.attrs['data-kind']}:${s.attrs['data-state']}`));
    if (byKind(all, 'crash').length > 0) keys.add('fault:crash');
    expect(keys.size).toBeGreaterThan(8);
    for (const key of keys) expect(legend).toContain(`data-legend="${key}"`);
  });

  it("shows a crashed worker's lane unhealthy, then failed, after its crash mark", () => {
    const crashes = result.log.filter((e) => e.type === 'fault.crash');
    expect(crashes.length).toBe(2);
    for (const crash of crashes) {
      const lane = String(crash.node);
      const mark = laneShapes(all, 'crash', lane)[0]!;
      expect(n(mark, 'x1')).toBeCloseTo(xOf(crash.t, endMs), 0);
      const bands = laneShapes(all, 'member', lane).filter((b) => n(b, 'x') >= n(mark, 'x1'));
      const states = bands.map((b) => b.attrs['data-state']);
      expect(states.slice(0, 2), lane).toEqual(['unhealthy', 'failed']);
      expect(n(bands[1]!, 'x')).toBeGreaterThan(n(bands[0]!, 'x'));
      expect(bands[1]!.title).toMatch(/unhealthy → failed/);
      const down = laneShapes(all, 'fault', lane).filter((f) => f.attrs['data-state'] === 'down');
      expect(down).toHaveLength(1);
      expect(n(down[0]!, 'x')).toBeCloseTo(n(mark, 'x1'), 0);
    }
  });

  it('marks partition windows on the partitioned nodes only', () => {
    const cut = result.log.find((e) => e.type === 'fault.partition')!;
    const healed = result.log.find((e) => e.type === 'fault.heal')!;
    const nodes = cut.nodes as string[];
    expect(nodes.length).toBe(2);
    const windows = byKind(all, 'fault').filter((s) => s.attrs['data-state'] === 'partition');
    expect(windows.map((w) => w.attrs['data-lane']).sort()).toEqual([...nodes].sort());
    for (const w of windows) {
      expect(n(w, 'x')).toBeCloseTo(xOf(cut.t, endMs), 0);
      expect(n(w, 'x') + n(w, 'width')).toBeCloseTo(xOf(healed.t, endMs), 0);
      expect(w.title).toContain('partitioned');
    }
  });

  it('shades the registry down-time over the full height', () => {
    const crashed = result.log.find((e) => e.type === 'registry.crashed')!;
    const restarted = result.log.find((e) => e.type === 'registry.restarted')!;
    const [shade] = byKind(all, 'registry-down-shade');
    const [bar] = byKind(all, 'registry-down');
    expect(n(shade!, 'x')).toBeCloseTo(xOf(crashed.t, endMs), 0);
    expect(n(shade!, 'x') + n(shade!, 'width')).toBeCloseTo(xOf(restarted.t, endMs), 0);
    expect(n(shade!, 'height')).toBeGreaterThan(8 * 30);
    expect(bar!.title).toMatch(/^registry down.*14m \(840 000 ms\) → 15m \(900 000 ms\)$/);
  });

  it('labels the time axis in round production durations', () => {
    const ticks = [...svg.matchAll(/class="tick">([^<]*)</g)].map((m) => m[1]);
    expect(ticks.slice(0, 11)).toEqual(['0', '2m', '4m', '6m', '8m', '10m', '12m', '14m', '16m', '18m', '20m']);
  });

  it('draws job marks on the lane of the member they were assigned to', () => {
    const assigned = result.log.filter((e) => e.type === 'job' && e.state === 'assigned');
    const marks = byKind(all, 'job');
    expect(marks.length).toBe(assigned.length);
    const first = assigned[0]!;
    const mark = marks.find((m) => m.title?.startsWith(`${String(first.id)} attempt 1 `))!;
    expect(mark.attrs['data-lane']).toBe(first.member);
    expect(n(mark, 'x')).toBeCloseTo(xOf(first.t, endMs), 0);
  });

  it('shows the mass-failure guard holding, on the registry row and as full-height edges', () => {
    const guardSvg = shapes(sectionSvg(html, 2));
    const held = guardRun().log.filter((e) => e.type === 'guard');
    expect(held.map((e) => e.held)).toEqual([true, false]);
    const [bar] = byKind(guardSvg, 'guard');
    expect(n(bar!, 'x')).toBeCloseTo(xOf(held[0]!.t, guardRun().scenarioMs), 0);
    expect(byKind(guardSvg, 'guard-edge')).toHaveLength(2);
    expect(sectionHtml(html, 2)).toContain('data-legend="fault:guard"');
  });

  it('gives the same bytes for the same input', () => {
    const again = renderTimeline([chaosRun(), guardRun()], { title: 'report test', generatedAt: '2026-01-01T00:00:00Z' });
    expect(again).toBe(html);
    expect(renderTimeline([chaosRun()])).not.toBe(html);
  });
});

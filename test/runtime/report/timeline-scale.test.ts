// A 50-worker run with thousands of entries stays a file a browser opens at once: job marks are
// capped per lane (the legend says how many were left out), brief changes are folded.
import { describe, expect, it } from 'vitest';
import { renderTimeline } from '../../../runtime/report/report-html.ts';
import { simulateResult } from '../../../runtime/report/sim-result.ts';
import { parseFaults } from '../../../runtime/sim/fault-plan.ts';
import { byKind, sectionHtml, sectionSvg, shapes, tagProblems } from './read-html.ts';

describe('a 50-worker report', () => {
  const result = simulateResult('fifty workers', {
    workers: 50,
    durationMs: 60 * 60_000,
    seed: 5,
    jobsPerMinute: 120,
    faults: parseFaults('crash=10%+10m,partition=20%@20m+5m,registry-crash=40m+1m,loss=1%'),
  });
  const html = renderTimeline([result], { jobMarksMax: 3000 });

  it('stays under 2 MB with every lane drawn', () => {
    expect(result.log.length).toBeGreaterThan(10_000);
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
    expect(tagProblems(html)).toEqual([]);
    const all = shapes(sectionSvg(html, 1));
    const lanes = new Set(byKind(all, 'member').map((s) => s.attrs['data-lane']));
    expect(lanes.size).toBe(50);
  });

  it('caps job marks per lane and says how many were left out', () => {
    const all = shapes(sectionSvg(html, 1));
    const perLane = new Map<string, number>();
    for (const mark of byKind(all, 'job')) perLane.set(mark.attrs['data-lane']!, (perLane.get(mark.attrs['data-lane']!) ?? 0) + 1);
    expect(Math.max(...perLane.values())).toBe(60);
    const assigned = result.log.filter((e) => e.type === 'job' && e.state === 'assigned').length;
    const drawn = [...perLane.values()].reduce((a, b) => a + b, 0);
    expect(assigned).toBeGreaterThan(drawn);
    const section = sectionHtml(html, 1);
    expect(section).toContain('At most 60 job marks per lane (failed and requeued first, the rest sampled evenly over the run)');
    expect(section).toContain(`; ${assigned - drawn} assignments not drawn`);
  });

  it('keeps failed and requeued assignments when it drops marks', () => {
    const requeued = result.log.filter((e) => e.type === 'job' && e.state === 'queued' && Number(e.attempt) > 0).length;
    const drawnRequeued = byKind(shapes(sectionSvg(html, 1)), 'job').filter((s) => s.attrs['data-state'] === 'requeued').length;
    expect(requeued).toBeGreaterThan(0);
    expect(drawnRequeued).toBe(requeued);
  });
});

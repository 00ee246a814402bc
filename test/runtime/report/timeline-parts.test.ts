// The report's pure parts: axis ticks, band folding, fault windows, lane naming, job sampling.
import { describe, expect, it } from 'vitest';
import { faultWindows } from '../../../runtime/report/fault-windows.ts';
import { jobAssignments, keptMarks, sampleEvenly } from '../../../runtime/report/job-marks.ts';
import { indexLanes, naturalCompare } from '../../../runtime/report/lane-names.ts';
import { bandsOf, foldBrief } from '../../../runtime/report/state-bands.ts';
import { exactTime, tickLabel, tickStepMs, timeAxis } from '../../../runtime/report/time-axis.ts';
import { escapeHtml } from '../../../runtime/report/escape.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const e = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;

describe('time axis', () => {
  it('picks round steps and labels them in production durations', () => {
    expect(tickStepMs(20 * 60_000)).toBe(120_000);
    expect(tickStepMs(60 * 60_000)).toBe(300_000);
    expect(tickStepMs(90_000)).toBe(10_000);
    expect(timeAxis(150_000, 0, 100).ticks.map((t) => t.label)).toEqual(['0', '15s', '30s', '45s', '1m', '1m15s', '1m30s', '1m45s', '2m', '2m15s', '2m30s']);
    expect(tickLabel(3_600_000)).toBe('1h');
    expect(exactTime(250_500)).toBe('4m11s (250 500 ms)');
  });

  it('maps times into the plot and clamps outside ones', () => {
    const axis = timeAxis(1000, 10, 100);
    expect([axis.x(0), axis.x(500), axis.x(1000), axis.x(-5), axis.x(2000)]).toEqual([10, 60, 110, 10, 110]);
  });
});

describe('state bands', () => {
  it('merges consecutive identical states and runs the last to the end', () => {
    const bands = bandsOf([{ t: 0, state: 'a', reason: null }, { t: 5, state: 'a', reason: null }, { t: 10, state: 'b', reason: 'why' }], 20);
    expect(bands).toEqual([
      { from: 0, to: 10, state: 'a', reason: null, folded: 0, brief: [] },
      { from: 10, to: 20, state: 'b', reason: 'why', folded: 0, brief: [] },
    ]);
  });

  it('folds changes shorter than the resolution into the band before, and counts them', () => {
    const bands = bandsOf(['a', 'b', 'a', 'c'].map((state, i) => ({ t: [0, 100, 101, 200][i]!, state, reason: null })), 300);
    expect(foldBrief(bands, 5).map((b) => [b.state, b.from, b.to, b.folded])).toEqual([['a', 0, 200, 1], ['c', 200, 300, 0]]);
    expect(foldBrief(bands, 0.5)).toHaveLength(4);
  });

  it('keeps the first brief stretch of each state it folds, to be drawn wider than it lasted', () => {
    const changes = ['unhealthy', 'failed', 'active.idle', 'failed', 'active.idle', 'inactive'].map((state, i) => ({ t: [0, 100, 101, 150, 151, 400][i]!, state, reason: `to ${state}` }));
    const folded = foldBrief(bandsOf(changes, 500), 5);
    expect(folded.map((b) => [b.state, b.from, b.to])).toEqual([['unhealthy', 0, 101], ['active.idle', 101, 400], ['inactive', 400, 500]]);
    // 'failed' lasted 1 ms twice: each time folded into the band before it, and kept there to draw.
    expect(folded.map((b) => b.brief)).toEqual([[{ t: 100, state: 'failed', ms: 1, reason: 'to failed' }], [{ t: 150, state: 'failed', ms: 1, reason: 'to failed' }], []]);
    // Many brief stretches of one state in one band: the first is kept, the rest only counted.
    const flapping = bandsOf([0, 10, 11, 20, 21].map((t, i) => ({ t, state: i % 2 ? 'unhealthy' : 'active.idle', reason: null })), 100);
    expect(foldBrief(flapping, 5).map((b) => [b.state, b.folded, b.brief.map((x) => x.t)])).toEqual([['active.idle', 2, [10]]]);
  });
});

describe('fault windows', () => {
  it('holds a node cut from the first overlapping partition to the last heal', () => {
    const w = faultWindows([
      e(10, 'fault.partition', { nodes: ['a', 'b'], forMs: 50 }),
      e(20, 'fault.partition', { nodes: ['a'], forMs: 60 }),
      e(60, 'fault.heal', { nodes: ['a', 'b'] }),
      e(80, 'fault.heal', { nodes: ['a'] }),
    ], 100);
    expect(w.byLane.get('a')!.map((x) => [x.kind, x.from, x.to])).toEqual([['partition', 10, 80]]);
    expect(w.byLane.get('b')!.map((x) => [x.kind, x.from, x.to])).toEqual([['partition', 10, 60]]);
  });

  it('keeps link faults until fault.clear, and down-time from a crash to the restart', () => {
    const w = faultWindows([
      e(5, 'fault.latency', { nodes: ['a'], latencyMs: 200 }),
      e(6, 'fault.reset', { node: 'b' }),
      e(10, 'fault.crash', { node: 'c', id: 'c' }),
      e(10, 'worker', { node: 'c', id: 'c', from: 'active', to: 'down' }),
      e(30, 'fault.clear', { nodes: ['a'] }),
      e(40, 'fault.restart', { node: 'c' }),
      e(50, 'fault.blackhole', { nodes: ['a'], afterMs: 1000 }),
    ], 100);
    expect(w.byLane.get('a')!.map((x) => [x.kind, x.from, x.to, x.detail])).toEqual([
      ['latency', 5, 30, 'latency latencyMs=200'],
      ['blackhole', 50, 100, 'blackhole afterMs=1000'],
    ]);
    expect(w.byLane.get('b')!.map((x) => [x.kind, x.from, x.to])).toEqual([['reset', 6, 100]]);
    expect(w.byLane.get('c')!.map((x) => [x.kind, x.from, x.to])).toEqual([['down', 10, 40]]);
    expect(w.crashes.get('c')!.map((x) => x.t)).toEqual([10]);
  });

  it('draws a paused worker from fault.pause to fault.resume', () => {
    const w = faultWindows([
      e(10, 'fault.pause', { nodes: ['a'] }),
      e(40, 'fault.resume', { nodes: ['a'] }),
      e(60, 'fault.pause', { nodes: ['a'] }),
    ], 100);
    expect(w.byLane.get('a')!.map((x) => [x.kind, x.from, x.to])).toEqual([
      ['pause', 10, 40],
      ['pause', 60, 100],
    ]);
  });

  it('finds registry down-time and guard windows, open ones running to the end', () => {
    const w = faultWindows([
      e(10, 'registry.crashed'),
      e(20, 'registry.restarted', { members: 3, jobs: 0 }),
      e(30, 'guard', { held: true, unhealthyFraction: 0.7 }),
      e(40, 'guard', { held: false, unhealthyFraction: 0.1 }),
      e(50, 'guard', { held: true, unhealthyFraction: 0.6 }),
      e(60, 'registry.crashed'),
    ], 100);
    expect(w.registryDown.map((x) => [x.from, x.to])).toEqual([[10, 20], [60, 100]]);
    expect(w.guard.map((x) => [x.from, x.to])).toEqual([[30, 40], [50, 100]]);
  });
});

describe('lanes', () => {
  it('sorts names naturally', () => {
    expect(['w10', 'w2', 'w1', 'node-09', 'node-10'].sort(naturalCompare)).toEqual(['node-09', 'node-10', 'w1', 'w2', 'w10']);
  });

  it('maps a registry-assigned member ID to its node through worker entries', () => {
    const index = indexLanes([
      e(1, 'member', { id: 'w1-2', from: 'registered', to: 'active.idle' }),
      e(2, 'worker', { node: 'w1', id: 'w1-2', from: 'registering', to: 'active' }),
      e(3, 'member', { id: 'ghost', from: 'registered', to: 'registered' }),
    ]);
    expect(index.names).toEqual(['ghost', 'w1']);
    expect(index.laneOfMember.get('w1-2')).toBe('w1');
  });
});

describe('job marks', () => {
  it('follows an assignment to its requeue or result', () => {
    const marks = jobAssignments([
      e(1, 'job', { id: 'j', state: 'assigned', member: 'a', attempt: 1 }),
      e(5, 'job', { id: 'j', state: 'queued', member: null, attempt: 1 }),
      e(6, 'job', { id: 'j', state: 'assigned', member: 'b', attempt: 2 }),
      e(9, 'job', { id: 'j', state: 'succeeded', member: null, attempt: 2 }),
      e(9, 'job', { id: 'k', state: 'assigned', member: 'b', attempt: 1 }),
    ], 20);
    expect(marks.map((m) => [m.member, m.from, m.to, m.outcome])).toEqual([['a', 1, 5, 'requeued'], ['b', 6, 9, 'succeeded'], ['b', 9, 20, 'running']]);
  });

  it('keeps troubles first and samples the rest evenly', () => {
    expect(sampleEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    const list = Array.from({ length: 10 }, (_, i) => ({ id: `j${i}`, member: 'a', attempt: 1, from: i, to: i + 1, outcome: i === 7 ? 'requeued' : 'succeeded' }) as const);
    expect(keptMarks(list, 3).map((m) => m.id)).toEqual(['j0', 'j7', 'j9']);
  });
});

describe('escaping', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

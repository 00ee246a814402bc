// The detection bench's rows, read from an event log as both modes write it.
import { describe, expect, it } from 'vitest';
import { latencyOf, rowOf } from '../../bench/detect/detect-rows.ts';
import type { LogEntry } from '../../runtime/events/log-entry.ts';

const member = (t: number, id: string, from: string, to: string): LogEntry => ({ t, type: 'member', id, from, to }) as LogEntry;
const crash = (t: number, id: string): LogEntry => ({ t, type: 'fault.crash', node: id, id }) as LogEntry;

const log: LogEntry[] = [
  member(0, 'a', 'registered', 'active.idle'),
  member(0, 'b', 'registered', 'active.idle'),
  member(0, 'c', 'registered', 'active.idle'),
  member(5_000, 'c', 'active.idle', 'unhealthy'), // suspected without a crash
  member(6_000, 'c', 'unhealthy', 'active.idle'),
  crash(10_000, 'a'),
  crash(20_000, 'b'),
  member(120_000, 'a', 'active.idle', 'unhealthy'),
  member(135_000, 'b', 'active.idle', 'unhealthy'),
  member(300_000, 'a', 'unhealthy', 'failed'),
  member(310_000, 'b', 'unhealthy', 'failed'),
  member(400_000, 'c', 'active.idle', 'unhealthy'),
  member(580_000, 'c', 'unhealthy', 'failed'),
];

describe('detection rows', () => {
  it('times crash → unhealthy and crash → failed, and counts suspicions of workers that never crashed', () => {
    const row = rowOf('all', log);
    expect(row).toMatchObject({ crashes: 2, falseUnhealthy: 1, falseFailed: 1 });
    expect(row.toUnhealthy).toMatchObject({ count: 2, minMs: 110_000, maxMs: 115_000 });
    expect(row.toFailed).toMatchObject({ count: 2, minMs: 290_000, maxMs: 290_000 });
  });

  it('reads only its own stretch of the log', () => {
    expect(rowOf('early', log, 0, 10_000)).toMatchObject({ crashes: 0, falseUnhealthy: 1, falseFailed: 0, toUnhealthy: null });
    expect(rowOf('crashes', log, 10_000, 350_000)).toMatchObject({ crashes: 2, falseUnhealthy: 0, falseFailed: 0 });
  });

  it('labels a jitter J as J ± J one way, and 0 as a plain 20 ms', () => {
    expect(latencyOf('5s')).toEqual({ latency: '5s', jitter: '5s', label: 'latency=5s±5s' });
    expect(latencyOf('0ms').label).toBe('latency=20ms');
  });
});

// When the heartbeat bench's warm-up may end: a fixed-rate generator on schedule for a whole
// second, no heartbeat acked or still waiting more than LATE_MS after it was due.
import { describe, expect, it } from 'vitest';
import { LATE_MS, OnSchedule, STEADY_MS } from '../../bench/heartbeat/on-schedule.ts';

/** Looks every 100 ms from `from` to `to` (inclusive), each look seeing one ack of `latencyMs`. */
function looks(schedule: OnSchedule, from: number, to: number, latencyMs: number, waitingMs = 0): boolean[] {
  const seen: boolean[] = [];
  for (let now = from; now <= to; now += 100) {
    schedule.acked(latencyMs);
    seen.push(schedule.look(now, waitingMs));
  }
  return seen;
}

describe('OnSchedule', () => {
  it('is on schedule once every ack for a whole second came in time, not before', () => {
    const schedule = new OnSchedule();
    const seen = looks(schedule, 0, STEADY_MS, 2);
    expect(seen.slice(0, -1).every((steady) => !steady)).toBe(true);
    expect(seen.at(-1)).toBe(true);
  });

  it('starts the second again after a late ack: a backlog being worked off is not on schedule', () => {
    const schedule = new OnSchedule();
    looks(schedule, 0, 500, 2);
    schedule.acked(LATE_MS + 1);
    expect(schedule.look(600, 0)).toBe(false);
    expect(looks(schedule, 700, 600 + STEADY_MS, 2).at(-1)).toBe(false);
    expect(schedule.look(700 + STEADY_MS, 0)).toBe(true);
  });

  it('is not on schedule while a heartbeat waits too long, acked or not', () => {
    const schedule = new OnSchedule();
    expect(looks(schedule, 0, 3 * STEADY_MS, 2, LATE_MS + 1).some((steady) => steady)).toBe(false);
    expect(looks(schedule, 3 * STEADY_MS + 100, 4 * STEADY_MS + 100, 2, LATE_MS).at(-1)).toBe(true);
  });

  it('forgets the acks of earlier looks: one late ack spoils only its own look', () => {
    const schedule = new OnSchedule();
    schedule.acked(10 * LATE_MS);
    expect(schedule.look(0, 0)).toBe(false);
    expect(looks(schedule, 100, 100 + STEADY_MS, 1).at(-1)).toBe(true);
  });
});

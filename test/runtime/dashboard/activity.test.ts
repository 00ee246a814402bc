// The dashboard's records of recent activity: the trend's ring of samples and the rates between
// them, the ring of latest events with their readable lines and audit names, and the routes
// that serve them over a real registry host on virtual time.
import { describe, expect, it } from 'vitest';
import { ClusterTrend } from '../../../runtime/dashboard/cluster-trend.ts';
import { DashboardRecords } from '../../../runtime/dashboard/dashboard-records.ts';
import { RecentEvents } from '../../../runtime/dashboard/recent-events.ts';
import { register, startApi } from '../../support/http-harness.ts';

const counts = (active: number) => ({ registered: 0, active, unhealthy: 0, failed: 0, inactive: 0 });

describe('the cluster trend', () => {
  it('keeps the last samples, with the heartbeat rate between each and the one before', () => {
    const trend = new ClusterTrend(10_000, 3);
    expect(trend.due(0)).toBe(true);
    trend.record({ at: 0, byState: counts(1), heartbeats: 0 });
    expect(trend.due(9_999)).toBe(false);
    expect(trend.due(10_000)).toBe(true);
    trend.record({ at: 10_000, byState: counts(1), heartbeats: 1 }); // one heartbeat in 10 s
    trend.record({ at: 20_000, byState: counts(2), heartbeats: 31 });
    trend.record({ at: 30_000, byState: counts(2), heartbeats: 5 }); // a restarted core counts from zero
    expect(trend.samples().map((s) => [s.at, s.byState.active, s.heartbeatsPerSecond])).toEqual([
      [10_000, 1, 0.1],
      [20_000, 2, 3],
      [30_000, 2, null],
    ]);
    // The present is added to a reply, not kept, its rate since the newest sample at least 10 s
    // old (here the one at 20 s: no rate across the restart); not within a second of the last sample.
    expect(trend.samples({ at: 35_000, byState: counts(3), heartbeats: 10 }).at(-1)).toEqual({ at: 35_000, byState: counts(3), heartbeatsPerSecond: null });
    expect(trend.samples({ at: 42_000, byState: counts(3), heartbeats: 10 }).at(-1)).toEqual({ at: 42_000, byState: counts(3), heartbeatsPerSecond: 0.417 }); // 5 in 12 s
    expect(trend.samples({ at: 30_500, byState: counts(3), heartbeats: 10 })).toHaveLength(3);
    expect(trend.samples()).toHaveLength(3);
  });
});

describe('the latest events', () => {
  it('keeps the last ones, newest first, readable, with the audit name of those audited', () => {
    const events = new RecentEvents(3);
    events.observe(0, 'registry.started', { members: 0, jobs: 0 }); // the oldest of four, forgotten
    events.observe(1, 'member', { id: 'w-1', from: 'registered', to: 'active.idle', epoch: 1, reason: 'registered' });
    events.observe(2, 'member', { id: 'w-1', from: 'active.idle', to: 'unhealthy', epoch: 1, reason: 'no heartbeat for 120000 ms' });
    events.observe(3, 'guard', { held: true, unhealthyFraction: 0.5 });
    events.observe(4, 'member', { id: 'w-1', from: 'active.idle', to: 'active.draining', epoch: 1, reason: 'drain' });
    expect(events.latest(10).map((e) => [e.seq, e.id, e.text, e.audit])).toEqual([
      [5, 'w-1', 'w-1 active.idle → active.draining: drain', 'drained'],
      [4, null, 'mass-failure guard holds: 50% of live members unhealthy', null],
      [3, 'w-1', 'w-1 active.idle → unhealthy: no heartbeat for 2m', null],
    ]);
    expect(events.latest(1).map((e) => e.seq)).toEqual([5]);
    expect(events.latest(10, 4).map((e) => e.seq)).toEqual([5]);
    expect(events.latest(10, 0, true).map((e) => e.seq)).toEqual([5]); // the registration is forgotten
    for (let t = 6; t < 20; t++) events.observe(t, 'guard', { held: false });
    expect(events.latest(10).map((e) => e.seq)).toEqual([19, 18, 17]);
    // From the audit log, only what the event stream lacks: refused credentials.
    events.observeAudit({ t: '2026-12-06T06:00:00.000Z', event: 'auth.refused', method: 'POST', route: '/api/jobs', credential: 'admin', api: 'rest', source: '10.0.0.9' });
    events.observeAudit({ t: '2026-12-06T06:00:01.000Z', event: 'auth.refused', rpc: 'Heartbeat', credential: 'session', count: 3 });
    events.observeAudit({ t: '2026-12-06T06:00:02.000Z', event: 'registered', id: 'w-1' });
    expect(events.latest(2, 0, true).map((e) => [e.at, e.text, e.audit])).toEqual([
      [Date.UTC(2026, 11, 6, 6, 0, 1), 'session credential refused: gRPC Heartbeat (3 times)', 'auth.refused'],
      [Date.UTC(2026, 11, 6, 6, 0, 0), 'admin credential refused: POST /api/jobs from 10.0.0.9', 'auth.refused'],
    ]);
  });
});

describe('the activity routes', () => {
  it('serve the events the host reported and the cluster now, and refuse a bad query naming each field', async () => {
    const api = startApi({}, { dashboard: new DashboardRecords() });
    const alpha = await register(api, { name: 'alpha' });
    const events = (await api.inject({ method: 'GET', url: '/api/events?limit=5' })).json() as { events: { id: string; audit: string; at: string }[] };
    expect(events.events[0]).toMatchObject({ id: alpha.worker.id, audit: 'registered', at: alpha.worker.registeredAt });
    const history = (await api.inject({ method: 'GET', url: '/api/workers/stats/history' })).json() as { everyMs: number; samples: { byState: { active: number } }[] };
    expect(history.everyMs).toBe(10_000);
    expect(history.samples.at(-1)!.byState.active).toBe(1);
    const bad = await api.inject({ method: 'GET', url: '/api/events?limit=5000&after=x&audited=yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/limit.*after.*audited/s);
    await api.app.close();
  });
});

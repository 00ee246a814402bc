// Reading the membership over REST: lists, filters, one worker, its health, the stats.
import { describe, expect, it, vi } from 'vitest';
import { errorOf, heartbeat, MINUTE, register, startApi, START_MS } from '../../support/http-harness.ts';

describe('GET /api/workers', () => {
  it('lists every worker with a count, and filters by status', async () => {
    const api = startApi();
    const a = await register(api, { name: 'a' });
    await register(api, { name: 'b' });
    await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'c', address: '10.9.9.9:7000' } });
    const all = (await api.inject({ method: 'GET', url: '/api/workers' })).json();
    expect(all.count).toBe(3);
    expect(all.workers).toHaveLength(3);
    const registered = (await api.inject({ method: 'GET', url: '/api/workers?status=registered' })).json();
    expect(registered.workers.map((w: { name: string }) => w.name)).toEqual(['c']);
    expect(registered.workers[0].lastHeartbeatAt).toBeNull();
    const active = (await api.inject({ method: 'GET', url: '/api/workers?status=active' })).json();
    expect(active.workers.map((w: { id: string }) => w.id).sort()).toEqual([a.worker.id, 'w-2'].sort());
  });

  it('rejects an unknown status with 400 naming the field', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'GET', url: '/api/workers?status=zombie' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details).toEqual([{ field: 'status', description: 'must be one of registered, active, unhealthy, failed, inactive' }]);
  });

  it('lists only active, non-draining workers as healthy', async () => {
    const api = startApi();
    const a = await register(api);
    const b = await register(api);
    await api.inject({ method: 'POST', url: `/api/workers/${b.worker.id}/drain` });
    const healthy = (await api.inject({ method: 'GET', url: '/api/workers/healthy' })).json();
    expect(healthy).toMatchObject({ count: 1, workers: [{ id: a.worker.id }] });
  });
});

describe('GET /api/workers/:id and /health', () => {
  it('returns one worker, 404 for an unknown one', async () => {
    const api = startApi();
    const s = await register(api, { name: 'solo' });
    const res = await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: s.worker.id, name: 'solo', state: 'active', registeredAt: new Date(START_MS).toISOString() });
    const missing = await api.inject({ method: 'GET', url: '/api/workers/nobody' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing)).toEqual({ code: 'not_found', message: 'worker nobody does not exist' });
  });

  it("reports a worker's health as its heartbeat ages, and 404 for an unknown one", async () => {
    const api = startApi();
    const s = await register(api);
    api.advance(20_000);
    const fresh = (await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}/health` })).json();
    expect(fresh).toMatchObject({ id: s.worker.id, state: 'active', healthy: true, schedulable: true, heartbeatAgeMs: 20_000, consecutiveFailedChecks: 0 });
    api.advance(2 * MINUTE);
    const stale = (await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}/health` })).json();
    expect(stale).toMatchObject({ state: 'unhealthy', healthy: false, schedulable: false });
    expect((await api.inject({ method: 'GET', url: '/api/workers/nobody/health' })).statusCode).toBe(404);
  });
});

describe('GET /api/workers/stats', () => {
  it('adds up: states to the total, substates to the active ones, capacity used + available', async () => {
    const api = startApi();
    const a = await register(api, { maxConcurrentJobs: 3 });
    const b = await register(api, { maxConcurrentJobs: 2 });
    await register(api, { maxConcurrentJobs: 4 });
    await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'p', address: '10.8.8.8:1' } });
    await api.inject({ method: 'POST', url: `/api/workers/${b.worker.id}/drain` });
    await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k' } });
    await api.inject({
      method: 'POST',
      url: `/api/workers/${a.worker.id}/deregister`,
      payload: { epoch: a.worker.epoch, sessionToken: a.sessionToken, force: true },
    });
    const stats = (await api.inject({ method: 'GET', url: '/api/workers/stats' })).json();
    expect(stats.total).toBe(4);
    expect(stats.byState).toEqual({ registered: 1, active: 2, unhealthy: 0, failed: 0, inactive: 1 });
    const sum = (o: Record<string, number>) => Object.values(o).reduce((x, y) => x + y, 0);
    expect(sum(stats.byState)).toBe(stats.total);
    expect(sum(stats.bySubstate)).toBe(stats.byState.active);
    expect(stats.bySubstate).toEqual({ idle: 1, busy: 0, draining: 1 }); // the requeued job went to the third worker
    expect(stats.capacity).toEqual({ total: 6, used: 1, available: 5 });
    expect(stats.capacity.used + stats.capacity.available).toBe(stats.capacity.total);
    expect(stats.healthPercent).toBe(100);
  });

  it('has a heartbeat rate at its first read: the rate is sampled every 5 s besides each read', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const api = startApi();
      const s = await register(api);
      for (let i = 0; i < 10; i++) {
        api.advance(1000);
        await heartbeat(api, s);
        if (i % 5 === 0) vi.advanceTimersByTime(5000);
      }
      const stats = (await api.inject({ method: 'GET', url: '/api/workers/stats' })).json();
      expect(stats.heartbeatsPerSecond).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('measures heartbeats per second between reads', async () => {
    const api = startApi();
    const s = await register(api);
    await api.inject({ method: 'GET', url: '/api/workers/stats' });
    for (let i = 0; i < 10; i++) {
      api.advance(1000);
      await heartbeat(api, s);
    }
    const stats = (await api.inject({ method: 'GET', url: '/api/workers/stats' })).json();
    expect(stats.heartbeatsPerSecond).toBe(1);
  });
});

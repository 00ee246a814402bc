// Operator routes: pre-register, drain, unregister, the sweeps and reconnect by hand, config.
import { describe, expect, it, vi } from 'vitest';
import { errorOf, MINUTE, register, startApi } from '../../support/http-harness.ts';

describe('POST /api/workers/preregister', () => {
  it('creates a registered member with 201, and answers 200 for the same address again', async () => {
    const api = startApi();
    const first = await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'edge-1', address: '10.2.0.1:7400', workerId: 'edge-1' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: true, worker: { id: 'edge-1', state: 'registered', substate: null, address: '10.2.0.1:7400' } });
    const again = await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'edge-1', address: '10.2.0.1:7400' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, worker: { id: 'edge-1' } });
  });

  it('reports a missing address and a bad ID together', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'x', workerId: 'no spaces' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details!.map((d) => d.field).sort()).toEqual(['address', 'workerId']);
  });
});

describe('POST /api/workers/:id/drain and DELETE /api/workers/:id', () => {
  it('drains an active worker; 409 for one that is not active, 404 for an unknown one', async () => {
    const api = startApi();
    const s = await register(api);
    const drained = await api.inject({ method: 'POST', url: `/api/workers/${s.worker.id}/drain` });
    expect(drained.statusCode).toBe(200);
    expect(drained.json().worker).toMatchObject({ state: 'active', substate: 'draining' });
    await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'p', address: '10.3.0.1:1', workerId: 'p-1' } });
    const notActive = await api.inject({ method: 'POST', url: '/api/workers/p-1/drain' });
    expect(notActive.statusCode).toBe(409);
    expect(errorOf(notActive).code).toBe('failed_precondition');
    expect((await api.inject({ method: 'POST', url: '/api/workers/ghost/drain' })).statusCode).toBe(404);
  });

  it('removes a worker and requeues its jobs; a second delete is 404', async () => {
    const api = startApi();
    const s = await register(api);
    await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: 'j-1' } });
    const removed = await api.inject({ method: 'DELETE', url: `/api/workers/${s.worker.id}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ workerId: s.worker.id, removed: true, requeued: 1 });
    expect((await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/api/jobs/j-1' })).json().state).toBe('queued');
    expect((await api.inject({ method: 'DELETE', url: `/api/workers/${s.worker.id}` })).statusCode).toBe(404);
    expect(api.store.load().members).toHaveLength(0);
  });
});

describe('manual sweeps', () => {
  it('POST /api/health/check counts checked and failed members', async () => {
    const api = startApi({ healthCheckIntervalMs: 24 * 60 * MINUTE });
    await register(api);
    await register(api);
    expect((await api.inject({ method: 'POST', url: '/api/health/check' })).json()).toEqual({ checked: 2, failed: 0 });
    api.advance(150_000);
    const res = await api.inject({ method: 'POST', url: '/api/health/check' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ checked: 2, failed: 2 });
  });

  it('POST /api/cleanup/failed moves failed members to inactive', async () => {
    const api = startApi({ cleanupIntervalMs: 24 * 60 * MINUTE });
    const s = await register(api);
    api.advance(5 * MINUTE + 2000);
    expect((await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` })).json().state).toBe('failed');
    expect((await api.inject({ method: 'POST', url: '/api/cleanup/failed' })).json()).toEqual({ cleaned: 0, removed: 0 });
    api.advance(15 * MINUTE);
    expect((await api.inject({ method: 'POST', url: '/api/cleanup/failed' })).json()).toEqual({ cleaned: 1, removed: 0 });
    expect((await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` })).json().state).toBe('inactive');
  });

  it('POST /api/reconnect calls the trigger (202), and is 503 without one', async () => {
    const trigger = vi.fn(() => ({ dialed: 3 }));
    const api = startApi({}, { triggerReconnect: trigger });
    const res = await api.inject({ method: 'POST', url: '/api/reconnect' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ triggered: true, dialed: 3 });
    expect(trigger).toHaveBeenCalledTimes(1);
    const without = await startApi().inject({ method: 'POST', url: '/api/reconnect' });
    expect(without.statusCode).toBe(503);
    expect(errorOf(without).code).toBe('unavailable');
  });
});

describe('GET /api/config', () => {
  it('shows the config view it was given', async () => {
    const api = startApi({}, { configView: { heartbeatInterval: '10s', massFailureFraction: 0.55 } });
    const res = await api.inject({ method: 'GET', url: '/api/config' });
    expect(res.json()).toEqual({ heartbeatInterval: '10s', massFailureFraction: 0.55 });
  });
});

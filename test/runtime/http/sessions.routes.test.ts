// A worker's session over REST: heartbeats and deregistration, with credentials in the body
// or in Authorization: Bearer.
import { describe, expect, it } from 'vitest';
import { errorOf, heartbeat, register, startApi } from '../../support/http-harness.ts';

describe('POST /api/workers/:id/heartbeat', () => {
  it('acks with an instruction and the interval', async () => {
    const api = startApi();
    const s = await register(api);
    const res = await heartbeat(api, s);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ instruction: 'none', heartbeatIntervalMs: 30_000 });
  });

  it('takes the token, or epoch and token, from Authorization: Bearer', async () => {
    const api = startApi();
    const s = await register(api);
    const url = `/api/workers/${s.worker.id}/heartbeat`;
    const tokenOnly = await api.inject({ method: 'POST', url, headers: { authorization: `Bearer ${s.sessionToken}` }, payload: { epoch: s.worker.epoch } });
    expect(tokenOnly.statusCode).toBe(200);
    const both = await api.inject({ method: 'POST', url, headers: { authorization: `Bearer ${s.worker.epoch}.${s.sessionToken}` } });
    expect(both.statusCode).toBe(200);
  });

  it('tells a drained worker to drain', async () => {
    const api = startApi();
    const s = await register(api);
    await api.inject({ method: 'POST', url: `/api/workers/${s.worker.id}/drain` });
    expect((await heartbeat(api, s)).json().instruction).toBe('drain');
  });

  it('401 for a wrong or missing token, 404 for an unknown worker, 409 for a stale epoch', async () => {
    const api = startApi();
    const s = await register(api, { workerId: 'w-hb' });
    const wrong = await heartbeat(api, s, { sessionToken: 'forged' });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('unauthenticated');
    const missing = await api.inject({ method: 'POST', url: '/api/workers/w-hb/heartbeat', payload: { epoch: 1 } });
    expect(missing.statusCode).toBe(401);
    const unknown = await heartbeat(api, { ...s, worker: { ...s.worker, id: 'ghost' } });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
    await register(api, { workerId: 'w-hb', workerSecret: s.workerSecret });
    const stale = await heartbeat(api, s);
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('failed_precondition');
  });

  it("one worker's session token never authorises another", async () => {
    const api = startApi();
    const a = await register(api);
    const b = await register(api);
    const res = await heartbeat(api, { ...b, sessionToken: a.sessionToken });
    expect(res.statusCode).toBe(401);
  });

  it('reports bad fields at once: a missing epoch and a negative job count', async () => {
    const api = startApi();
    const s = await register(api);
    const res = await api.inject({
      method: 'POST',
      url: `/api/workers/${s.worker.id}/heartbeat`,
      payload: { sessionToken: s.sessionToken, currentJobs: -1, breakerState: 'ajar' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details!.map((d) => d.field)).toEqual(['epoch', 'currentJobs', 'breakerState']);
  });
});

describe('POST /api/workers/:id/deregister', () => {
  it('refuses with 409 naming the job count without force, requeues with force', async () => {
    const api = startApi();
    const s = await register(api, { maxConcurrentJobs: 4 });
    const job = (await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'render' } })).json().job;
    expect(job).toMatchObject({ state: 'assigned', workerId: s.worker.id });
    const url = `/api/workers/${s.worker.id}/deregister`;
    const refused = await api.inject({ method: 'POST', url, payload: { epoch: s.worker.epoch, sessionToken: s.sessionToken, reason: 'maintenance' } });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'failed_precondition', message: expect.stringContaining('1 active job') });
    const forced = await api.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${s.sessionToken}` },
      payload: { epoch: s.worker.epoch, force: true, reason: 'maintenance' },
    });
    expect(forced.statusCode).toBe(200);
    expect(forced.json()).toEqual({ workerId: s.worker.id, deregistered: true, requeued: 1 });
    expect((await api.inject({ method: 'GET', url: `/api/jobs/${job.id}` })).json().state).toBe('queued');
    expect((await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` })).json().state).toBe('inactive');
  });

  it('401 with a wrong token; 409 after it has left', async () => {
    const api = startApi();
    const s = await register(api);
    const url = `/api/workers/${s.worker.id}/deregister`;
    expect((await api.inject({ method: 'POST', url, payload: { epoch: s.worker.epoch, sessionToken: 'x' } })).statusCode).toBe(401);
    expect((await api.inject({ method: 'POST', url, payload: { epoch: s.worker.epoch, sessionToken: s.sessionToken } })).statusCode).toBe(200);
    expect((await api.inject({ method: 'POST', url, payload: { epoch: s.worker.epoch, sessionToken: s.sessionToken } })).statusCode).toBe(409);
  });
});

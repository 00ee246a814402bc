// Jobs over REST: submit, read, list by state.
import { describe, expect, it } from 'vitest';
import { errorOf, register, startApi, START_MS } from '../../support/http-harness.ts';

describe('jobs', () => {
  it('submits with 201, answers 200 for a known job ID, and assigns to a worker with room', async () => {
    const api = startApi();
    const s = await register(api);
    const res = await api.inject({ method: 'POST', url: '/api/jobs', payload: { jobId: 'j-1', kind: 'resize', payload: '{"w":10}', timeoutMs: 5000 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      created: true,
      job: {
        id: 'j-1', kind: 'resize', payload: '{"w":10}', requires: {}, timeoutMs: 5000, state: 'assigned', attempt: 1,
        workerId: s.worker.id, epoch: 1, submittedAt: new Date(START_MS).toISOString(), assignedAt: new Date(START_MS).toISOString(),
        finishedAt: null, result: '',
      },
    });
    const again = await api.inject({ method: 'POST', url: '/api/jobs', payload: { jobId: 'j-1', kind: 'resize' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);
  });

  it('reports every bad field of a job at once', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/jobs', payload: { jobId: 'a b', timeoutMs: 0, requires: { gpu: 1 } } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details!.map((d) => d.field).sort()).toEqual(['jobId', 'kind', 'requires', 'timeoutMs']);
  });

  it('refuses a submission beyond jobQueueMax with 429 resource_exhausted', async () => {
    const api = startApi({ jobQueueMax: 1 });
    expect((await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k' } })).statusCode).toBe(201);
    const full = await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k' } });
    expect(full.statusCode).toBe(429);
    expect(errorOf(full).code).toBe('resource_exhausted');
  });

  it('reads one job (404 when unknown) and lists by state', async () => {
    const api = startApi();
    await register(api, { maxConcurrentJobs: 1 });
    for (const id of ['a', 'b', 'c']) await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: id } });
    expect((await api.inject({ method: 'GET', url: '/api/jobs/a' })).json()).toMatchObject({ id: 'a', state: 'assigned' });
    const missing = await api.inject({ method: 'GET', url: '/api/jobs/zzz' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('not_found');
    const queued = (await api.inject({ method: 'GET', url: '/api/jobs?state=queued' })).json();
    expect(queued.count).toBe(2);
    expect(queued.jobs.map((j: { id: string }) => j.id)).toEqual(['b', 'c']);
    expect((await api.inject({ method: 'GET', url: '/api/jobs' })).json().count).toBe(3);
    const bad = await api.inject({ method: 'GET', url: '/api/jobs?state=lost' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details![0]!.field).toBe('state');
  });
});

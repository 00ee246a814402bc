// POST /api/workers and /api/workers/batch against a real RegistryHost.
import { describe, expect, it } from 'vitest';
import { errorOf, register, registration, startApi, START_MS } from '../../support/http-harness.ts';

describe('POST /api/workers', () => {
  it('creates a worker with 201 and the reply shape of docs/behaviour.md §4, times as ISO strings', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ name: 'alpha', capabilities: { gpu: 'a100' } }) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['heartbeatIntervalMs', 'idReassigned', 'reRegistered', 'sessionToken', 'worker', 'workerSecret']);
    expect(body.reRegistered).toBe(false);
    expect(body.heartbeatIntervalMs).toBe(30_000);
    expect(Object.keys(body.worker).sort()).toEqual(
      ['address', 'capabilities', 'currentJobs', 'epoch', 'id', 'labels', 'lastHeartbeatAt', 'loadFactor', 'maxConcurrentJobs', 'name', 'registeredAt', 'report', 'resources', 'state', 'substate'].sort(),
    );
    // Nothing reported before the first heartbeat.
    expect(body.worker).toMatchObject({ name: 'alpha', state: 'active', substate: 'idle', epoch: 1, capabilities: { gpu: 'a100' }, report: null });
    expect(body.worker.registeredAt).toBe(new Date(START_MS).toISOString());
    expect(body.worker.lastHeartbeatAt).toBe(new Date(START_MS).toISOString());
  });

  it('re-registers a returning worker with 200: same ID and registeredAt, new epoch and session', async () => {
    const api = startApi();
    const first = await register(api, { workerId: 'w-keep' });
    api.advance(10_000);
    const res = await api.inject({
      method: 'POST',
      url: '/api/workers',
      payload: registration({ workerId: 'w-keep', workerSecret: first.workerSecret, maxConcurrentJobs: 5 }),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.reRegistered).toBe(true);
    expect(body.workerSecret).toBeUndefined();
    expect(body.worker.id).toBe('w-keep');
    expect(body.worker.registeredAt).toBe(first.worker.registeredAt);
    expect(body.worker.epoch).toBe(first.worker.epoch + 1);
    expect(body.worker.maxConcurrentJobs).toBe(5);
    expect(body.sessionToken).not.toBe(first.sessionToken);
  });

  it('builds the agent address from the peer IP and agentPort when no address is given', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/workers', remoteAddress: '192.168.1.9', payload: { name: 'n', agentPort: 7400, maxConcurrentJobs: 1 } });
    expect(res.statusCode).toBe(201);
    expect(res.json().worker.address).toBe('192.168.1.9:7400');
  });

  it('reports every violated field at once with 400 invalid_argument', async () => {
    const api = startApi();
    const res = await api.inject({
      method: 'POST',
      url: '/api/workers',
      payload: { workerId: 'bad id!', name: '', maxConcurrentJobs: 0, loadFactor: 7, agentPort: 70000, labels: { a: 1 }, resources: { cpuCores: -1 } },
    });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('invalid_argument');
    expect(error.details!.map((d) => d.field).sort()).toEqual(
      ['agentPort', 'labels', 'loadFactor', 'maxConcurrentJobs', 'name', 'resources.cpuCores', 'workerId'].sort(),
    );
    for (const d of error.details!) expect(d.description).not.toBe('');
  });

  it('rejects a body that is not an object', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/workers', payload: [1, 2] });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details).toEqual([{ field: 'body', description: 'must be a JSON object' }]);
  });

  it('refuses a known ID with the wrong secret: 403 permission_denied', async () => {
    const api = startApi();
    const first = await register(api, { workerId: 'w-mine', address: '10.1.1.1:1' });
    const res = await api.inject({
      method: 'POST',
      url: '/api/workers',
      payload: registration({ workerId: 'w-mine', address: '10.1.1.1:1', workerSecret: 'not-' + first.workerSecret }),
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('permission_denied');
  });

  it('locks out an ID after 3 failed attempts: 429 rate_limited with Retry-After in seconds', async () => {
    const api = startApi();
    for (let i = 0; i < 3; i++) {
      const res = await api.inject({ method: 'POST', url: '/api/workers', payload: { workerId: 'w-locked', name: '', maxConcurrentJobs: 1 } });
      expect(res.statusCode).toBe(400);
    }
    const locked = await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ workerId: 'w-locked' }) });
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('rate_limited');
    expect(locked.headers['retry-after']).toBe('3600');
    api.advance(60 * 60_000);
    const later = await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ workerId: 'w-locked' }) });
    expect(later.statusCode).toBe(201);
  });

  it('locks out a source address (the peer, never a body field) after its failures, whatever IDs it uses', async () => {
    const api = startApi({ registrationAttemptsPerSourceMax: 4 });
    const from = (remoteAddress: string, payload: object) => api.inject({ method: 'POST', url: '/api/workers', remoteAddress, payload });
    for (let i = 0; i < 4; i++) expect((await from('10.7.7.7', { workerId: `probe-${i}`, name: '', maxConcurrentJobs: 1, sourceAddress: '10.1.1.1' })).statusCode).toBe(400);
    const locked = await from('10.7.7.7', registration({ workerId: 'someone-new' }));
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).message).toMatch(/from 10\.7\.7\.7/);
    expect((await from('10.1.1.1', registration({ workerId: 'someone-new' }))).statusCode).toBe(201);
  });

  it('requires the join token when one is configured: 401 without it', async () => {
    const api = startApi({}, { joinToken: 'join-me' });
    const without = await api.inject({ method: 'POST', url: '/api/workers', payload: registration() });
    expect(without.statusCode).toBe(401);
    expect(errorOf(without).code).toBe('unauthenticated');
    const wrong = await api.inject({ method: 'POST', url: '/api/workers', headers: { authorization: 'Bearer nope' }, payload: registration() });
    expect(wrong.statusCode).toBe(401);
    const right = await api.inject({ method: 'POST', url: '/api/workers', headers: { authorization: 'Bearer join-me' }, payload: registration() });
    expect(right.statusCode).toBe(201);
  });
});

describe('POST /api/workers/batch', () => {
  it('registers many and answers a result per item, in order', async () => {
    const api = startApi();
    const known = await register(api, { workerId: 'w-known' });
    const res = await api.inject({
      method: 'POST',
      url: '/api/workers/batch',
      payload: {
        workers: [
          registration({ workerId: 'b-1' }),
          { name: '', maxConcurrentJobs: 500 },
          registration({ workerId: 'w-known', workerSecret: known.workerSecret }),
          'not an object',
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 200, 400]);
    expect(body).toMatchObject({ created: 1, reRegistered: 1, rejected: 2 });
    expect(body.results[0].worker.id).toBe('b-1');
    expect(body.results[1].error.details.map((d: { field: string }) => d.field).sort()).toEqual(['maxConcurrentJobs', 'name']);
    expect(body.results[2].reRegistered).toBe(true);
    const list = await api.inject({ method: 'GET', url: '/api/workers' });
    expect(list.json().count).toBe(2);
  });

  it('rejects a batch without a workers array, or too large a one', async () => {
    const api = startApi({}, { batchMax: 2 });
    const missing = await api.inject({ method: 'POST', url: '/api/workers/batch', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).details).toEqual([{ field: 'workers', description: 'is required' }]);
    const notList = await api.inject({ method: 'POST', url: '/api/workers/batch', payload: { workers: { name: 'w' } } });
    expect(errorOf(notList).details).toEqual([{ field: 'workers', description: 'must be an array' }]);
    const big = await api.inject({ method: 'POST', url: '/api/workers/batch', payload: { workers: [registration(), registration(), registration()] } });
    expect(big.statusCode).toBe(400);
    expect(errorOf(big).details![0]!.field).toBe('workers');
  });
});

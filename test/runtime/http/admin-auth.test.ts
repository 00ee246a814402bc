// REST admin routes with an admin token configured: 401 JSON without `Authorization: Bearer
// <admin token>` (or with the join token, or a wrong one), nothing changed; reads open unless
// protectReads; probes always open.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../../runtime/http/admin-auth.ts';
import { startApi, type Api } from '../../support/http-harness.ts';

let api: Api;
afterEach(async () => api?.app.close());

const ADMIN = { authorization: 'Bearer admin-secret' };

const calls: { method: 'POST' | 'DELETE'; url: string; payload?: object }[] = [
  { method: 'POST', url: '/api/workers/preregister', payload: { name: 'n', address: '10.0.0.5:7000', workerId: 'p' } },
  { method: 'POST', url: '/api/workers/p/drain' },
  { method: 'POST', url: '/api/workers/p/force-deregister' },
  { method: 'DELETE', url: '/api/workers/p' },
  { method: 'POST', url: '/api/health/check' },
  { method: 'POST', url: '/api/cleanup/failed' },
  { method: 'POST', url: '/api/reconnect' },
  { method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: 'j' } },
];

describe('REST admin token', () => {
  it('every admin route answers 401 JSON without the admin token, and changes nothing', async () => {
    api = startApi({}, { joinToken: 'join-secret', adminToken: 'admin-secret', triggerReconnect: () => ({}) });
    expect(calls).toHaveLength(ADMIN_ROUTES.size);
    for (const call of calls) {
      for (const authorization of [undefined, 'Bearer wrong', 'Bearer join-secret', 'admin-secret', 'Bearer admin-secret-and-more']) {
        const res = await api.inject({ ...call, ...(authorization ? { headers: { authorization } } : {}) });
        expect([call.url, authorization, res.statusCode]).toEqual([call.url, authorization, 401]);
        expect(res.json().error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/admin token/) });
      }
    }
    expect(api.host.core.memberCount).toBe(0);
    expect(api.host.core.jobCount).toBe(0);
    expect((await api.inject({ ...calls[0]!, headers: ADMIN })).statusCode).toBe(201);
    expect((await api.inject({ ...calls.find((c) => c.url === '/api/jobs')!, headers: ADMIN })).statusCode).toBe(201);
    expect((await api.inject({ method: 'POST', url: '/api/health/check', headers: { authorization: 'bearer   admin-secret' } })).statusCode).toBe(200);
  });

  it('reads and probes are open by default; with protectReads reads need the token, probes do not', async () => {
    api = startApi({}, { adminToken: 'admin-secret' });
    for (const url of ['/api/workers', '/api/workers/stats', '/api/jobs', '/api/config', '/metrics', '/health']) {
      expect([url, (await api.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
    await api.app.close();
    api = startApi({}, { adminToken: 'admin-secret', protectReads: true });
    for (const url of ['/api/workers', '/api/workers/stats', '/api/jobs', '/api/config', '/metrics', '/api/workers/x', '/api/jobs/x']) {
      expect([url, (await api.inject({ method: 'GET', url })).statusCode]).toEqual([url, 401]);
    }
    expect((await api.inject({ method: 'GET', url: '/api/workers', headers: ADMIN })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect([200, 503]).toContain((await api.inject({ method: 'GET', url: '/readiness' })).statusCode);
  });

  it('registration needs the join token, not the admin token', async () => {
    api = startApi({}, { joinToken: 'join-secret', adminToken: 'admin-secret' });
    const body = { workerId: 'w', name: 'w', maxConcurrentJobs: 1, address: '10.0.0.1:7000' };
    expect((await api.inject({ method: 'POST', url: '/api/workers', payload: body, headers: ADMIN })).statusCode).toBe(401);
    expect((await api.inject({ method: 'POST', url: '/api/workers', payload: body, headers: { authorization: 'Bearer join-secret' } })).statusCode).toBe(201);
  });
});

// The members-per-cluster cap (`maxMembers`, issue item 6): a new worker beyond it is refused
// with resource_exhausted (429, RESOURCE_EXHAUSTED on gRPC); returning workers still re-register,
// and a removal makes room again.
import { afterEach, describe, expect, it } from 'vitest';
import { register, registration, startApi, type Api } from '../../support/http-harness.ts';
import { loadRegistryConfig } from '../../../runtime/config/load-config.ts';

let api: Api;
afterEach(async () => api?.app.close());

describe('maxMembers', () => {
  it('refuses a new member beyond the cap, lets known ones re-register, and has room after a removal', async () => {
    api = startApi({ maxMembers: 2 });
    const a = await register(api, { workerId: 'a' });
    await register(api, { workerId: 'b' });
    const third = await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ workerId: 'c' }) });
    expect(third.statusCode).toBe(429);
    expect(third.json().error).toMatchObject({ code: 'resource_exhausted', message: expect.stringMatching(/cluster is full: 2 members/) });
    expect(api.host.core.memberCount).toBe(2);
    const again = await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ workerId: 'a', workerSecret: a.workerSecret }) });
    expect(again.statusCode).toBe(200);
    expect((await api.inject({ method: 'DELETE', url: '/api/workers/b' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ workerId: 'c' }) })).statusCode).toBe(201);
  });

  it('is a config key (default 100000), settable like any other', () => {
    expect(loadRegistryConfig({ env: {} }).maxMembers).toBe(100_000);
    expect(loadRegistryConfig({ env: {}, overrides: { maxMembers: '5' } }).maxMembers).toBe(5);
    expect(loadRegistryConfig({ env: { ROLLCALL_MAX_MEMBERS: '7' } }).maxMembers).toBe(7);
  });
});

// A job may require at most 64 capabilities (found by the gRPC fuzz test: the map was unbounded).
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../../support/http-harness.ts';

let api: Api;
afterEach(async () => api?.app.close());

const requiring = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`cap${i}`, 'yes']));

describe('job requirements', () => {
  it('accept 64 entries and refuse 65 with a field violation', async () => {
    api = startApi();
    const ok = await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: 'j64', requires: requiring(64) } });
    expect(ok.statusCode).toBe(201);
    const refused = await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: 'j65', requires: requiring(65) } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([{ field: 'requires', description: 'must have at most 64 entries' }]);
    expect(api.host.core.job('j65')).toBeUndefined();
  });
});

// Replies wait until what the registry holds is durable (a store that writes behind, as
// PostgreSQL's does); probes answer at once, however slow the store.
import { describe, expect, it } from 'vitest';
import { register, startApi, type Api } from '../../support/http-harness.ts';

/** Makes the harness's store write behind: settled() is pending until the test lets it go. */
function slowStore(api: Api): { release(): void; fail(): void } {
  let release!: () => void;
  let fail!: () => void;
  const pending = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = () => reject(new Error('connection lost'));
  });
  pending.catch(() => {});
  Object.assign(api.store, { settled: () => pending });
  return { release, fail };
}

/** Whether the request has answered after the event loop has had a few turns. */
async function answersAtOnce(api: Api, url: string): Promise<boolean> {
  let answered = false;
  void api.inject({ method: 'GET', url }).then(() => (answered = true));
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return answered;
}

describe('durable replies', () => {
  it('hold a read until the store has caught up', async () => {
    const api = startApi();
    const s = await register(api);
    const store = slowStore(api);
    expect(await answersAtOnce(api, `/api/workers/${s.worker.id}`)).toBe(false);
    store.release();
    const reply = await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` });
    expect(reply.statusCode).toBe(200);
  });

  it('turn into 503 when the store fails', async () => {
    const api = startApi();
    const s = await register(api);
    slowStore(api).fail();
    const reply = await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` });
    expect(reply.statusCode).toBe(503);
    expect(reply.json().error.code).toBe('unavailable');
  });

  it.each(['/health', '/readiness', '/metrics'])('leave %s alone: a slow database does not fail the probes', async (url) => {
    const api = startApi();
    await register(api);
    slowStore(api);
    expect(await answersAtOnce(api, url)).toBe(true);
  });
});

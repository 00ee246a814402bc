// The dashboard's server side over a real registry host on virtual time: the paged, filtered,
// sorted member table, the assets, force-deregistration, and the bounds of the member history.
import { describe, expect, it } from 'vitest';
import { DashboardRecords } from '../../../runtime/dashboard/dashboard-records.ts';
import { MemberHistory } from '../../../runtime/dashboard/member-history.ts';
import { startApi, type Api } from '../../support/http-harness.ts';

async function withWorkers(names: string[]): Promise<Api> {
  const api = startApi({}, { dashboard: new DashboardRecords() });
  for (const [i, name] of names.entries()) {
    const reply = await api.inject({
      method: 'POST', url: '/api/workers',
      payload: { workerId: `w-${name}`, name, address: `10.0.0.${i + 1}:7000`, maxConcurrentJobs: 2, labels: { zone: i % 2 ? 'b' : 'a' } },
    });
    expect(reply.statusCode).toBe(201);
  }
  return api;
}

const page = async (api: Api, query: string) => {
  const reply = await api.inject({ method: 'GET', url: `/api/dashboard/members?${query}` });
  return { status: reply.statusCode, body: reply.json() as { total: number; matched: number; offset: number; rows: { id: string; state: string; substate: string | null }[] } };
};

describe('dashboard member table', () => {
  it('filters by state and substate, searches ID, name and labels, sorts both ways, and pages', async () => {
    const api = await withWorkers(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    await api.inject({ method: 'POST', url: '/api/workers/w-charlie/drain' });
    expect((await page(api, '')).body).toMatchObject({ total: 5, matched: 5, offset: 0 });
    expect((await page(api, 'state=active.draining')).body.rows.map((r) => r.id)).toEqual(['w-charlie']);
    expect((await page(api, 'state=active')).body.matched).toBe(5);
    expect((await page(api, 'q=ECH')).body.rows.map((r) => r.id)).toEqual(['w-echo']);
    expect((await page(api, 'q=zone%3Db')).body.rows.map((r) => r.id)).toEqual(['w-bravo', 'w-delta']);
    expect((await page(api, 'sort=id&order=desc&offset=1&limit=2')).body.rows.map((r) => r.id)).toEqual(['w-delta', 'w-charlie']);
    expect((await page(api, 'sort=state&limit=1&order=asc')).body.rows[0]!.substate).toBe('draining');
  });

  it('refuses a bad query with every violated field named', async () => {
    const api = await withWorkers(['alpha']);
    const bad = await page(api, 'sort=weight&order=up&limit=ten');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/sort.*order.*limit/s);
    expect((await page(api, 'limit=5000')).status).toBe(400);
  });

  it('serves the page and its assets, and 404s an unknown asset', async () => {
    const api = await withWorkers([]);
    const html = await api.inject({ method: 'GET', url: '/' });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<script type="module" src="/dashboard/app.js">');
    expect((await api.inject({ method: 'GET', url: '/dashboard/app.js' })).headers['content-type']).toContain('javascript');
    expect((await api.inject({ method: 'GET', url: '/dashboard/secrets.txt' })).statusCode).toBe(404);
    const graphs = (await api.inject({ method: 'GET', url: '/api/dashboard/graphs' })).json() as Record<string, { states: { id: string }[]; layout: { boxes: { id: string }[] } }>;
    expect(graphs.member!.states.map((s) => s.id)).toEqual(expect.arrayContaining(['registered', 'active', 'active.idle', 'active.draining', 'unhealthy', 'failed', 'inactive']));
    for (const machine of ['member', 'worker']) expect(graphs[machine]!.layout.boxes.map((b) => b.id).sort()).toEqual(graphs[machine]!.states.map((s) => s.id).sort());
  });
});

describe('force-deregistration by an operator', () => {
  it('makes the member inactive, is idempotent, and 404s an unknown ID', async () => {
    const api = await withWorkers(['alpha']);
    const first = await api.inject({ method: 'POST', url: '/api/workers/w-alpha/force-deregister' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ worker: { id: 'w-alpha', state: 'inactive' }, requeued: 0 });
    expect((await api.inject({ method: 'POST', url: '/api/workers/w-alpha/force-deregister' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'POST', url: '/api/workers/w-nobody/force-deregister' })).statusCode).toBe(404);
  });

  it('refuses a failed member: unregister it instead', async () => {
    const api = await withWorkers(['bravo']);
    api.advance(10 * 60_000); // silent past unhealthy-after and failed-after
    expect((await api.inject({ method: 'GET', url: '/api/workers/w-bravo' })).json()).toMatchObject({ state: 'failed' });
    const refused = await api.inject({ method: 'POST', url: '/api/workers/w-bravo/force-deregister' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { message: 'worker w-bravo has failed; unregister it to remove it' } });
  });
});

describe('member history', () => {
  it('keeps the last changes per member and forgets the least recently changed members first', () => {
    const history = new MemberHistory(3, 2);
    for (let i = 0; i < 5; i++) history.record('a', { at: i, from: 'x', to: `s${i}`, reason: '' });
    expect(history.of('a').map((c) => c.to)).toEqual(['s2', 's3', 's4']);
    history.record('b', { at: 9, from: 'x', to: 'y', reason: '' });
    history.record('a', { at: 10, from: 'x', to: 'z', reason: '' });
    history.record('c', { at: 11, from: 'x', to: 'y', reason: '' });
    expect(history.of('b')).toEqual([]); // least recently changed of three, with room for two
    expect(history.of('a').at(-1)?.to).toBe('z');
    const version = history.version;
    history.observe(12, 'member.removed', { id: 'a' });
    expect(history.of('a')).toEqual([]);
    expect(history.version).toBe(version + 1);
  });
});

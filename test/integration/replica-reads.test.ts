// Reads on any replica (issue #20, item 6), on a real PostgreSQL with two registries in this
// process (real REST and gRPC servers): a standby answers reads from the database, saying how
// fresh they are, and redirects writes to the leader; the dashboard loads from it and says who
// leads; with nobody leading, a write gets 503 and reads still answer. A call forwarded with
// the cluster's proof keeps its caller's address.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardProof } from '../../runtime/http/leader-forwarding.ts';
import type { RunningRegistry } from '../../runtime/index.ts';
import { ADMIN_TOKEN as ADMIN, InProcessReplicas, JOIN_TOKEN as JOIN, restCall as call } from '../support/in-process-replicas.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

let database: TestDatabase;
let replicas: InProcessReplicas;

beforeEach(async () => {
  database = await freshDatabase();
  replicas = new InProcessReplicas(database.url);
});
afterEach(async () => {
  await replicas.stopAll();
  await database.drop();
});

const replica = (id: string, leaseRenewMs?: number) => replicas.start(id, leaseRenewMs);

async function leaderAndStandby(): Promise<{ leader: RunningRegistry; standby: RunningRegistry }> {
  const leader = await replica('r1');
  expect(leader.host.up).toBe(true); // a lone replica leads at once
  const standby = await replica('r2');
  expect(standby.host.up).toBe(false);
  return { leader, standby };
}

/** Polls `probe` until `check` passes (a standby's data may be up to its cache's age behind). */
async function until<T>(probe: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const READS = ['/api/workers', '/api/workers/w-a', '/api/workers/w-a/health', '/api/workers/healthy', '/api/jobs', '/api/jobs/j1'];

describe('reads on any replica', () => {
  it("a standby answers the read routes with the leader's data, naming itself and the data's age", async () => {
    const { leader, standby } = await leaderAndStandby();
    for (const name of ['w-a', 'w-b']) expect((await call(leader, 'POST', '/api/workers/preregister', { workerId: name, name, address: `127.0.0.1:${name === 'w-a' ? 1 : 2}` })).status).toBe(201);
    expect((await call(leader, 'POST', '/api/jobs', { kind: 'sleep', jobId: 'j1' })).status).toBe(201);
    for (const path of READS) {
      const fromLeader = await call(leader, 'GET', path);
      expect(fromLeader.status, path).toBe(200);
      expect(fromLeader.headers.get('rollcall-served-by')).toBe('leader r1');
      expect(fromLeader.headers.get('rollcall-data-age')).toBeNull();
      const fromStandby = await until(() => call(standby, 'GET', path), (r) => JSON.stringify(r.body) === JSON.stringify(fromLeader.body), `${path} on the standby`);
      expect(fromStandby.status).toBe(200);
      expect(fromStandby.headers.get('rollcall-served-by')).toBe('standby r2');
      const age = Number(fromStandby.headers.get('rollcall-data-age'));
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(1.5); // the cache keeps a read for one second
    }
    // The OpenAPI document (served by the standby too) describes both headers on these reads, with patterns the values match.
    const openApi = (await call(standby, 'GET', '/api/openapi.json')).body;
    const ageHeader = openApi.components.headers.DataAge.schema.pattern;
    for (const path of ['/api/workers', '/api/workers/{id}', '/api/workers/{id}/health', '/api/workers/healthy', '/api/jobs', '/api/jobs/{id}', '/api/workers/stats']) {
      expect(Object.keys(openApi.paths[path].get.responses['200'].headers), path).toEqual(['Rollcall-Served-By', 'Rollcall-Data-Age']);
    }
    expect((await call(standby, 'GET', '/api/jobs')).headers.get('rollcall-data-age')).toMatch(new RegExp(ageHeader));
    expect('standby r2').toMatch(new RegExp(openApi.components.headers.ServedBy.schema.pattern));
    expect(Object.keys(openApi.paths['/api/jobs'].post.responses['200'].headers)).toEqual(['Rollcall-Served-By', 'Rollcall-Forwarded-By']);
    const stats = await call(standby, 'GET', '/api/workers/stats');
    expect(stats.body).toMatchObject({ total: 2, byState: { registered: 2 } });
    expect((await call(standby, 'GET', '/api/workers/nobody')).status).toBe(404);
  });

  it('a write to the standby is forwarded to the leader, lands there, and answers with its reply', async () => {
    const { leader, standby } = await leaderAndStandby();
    const submitted = await call(standby, 'POST', '/api/jobs', { kind: 'sleep', jobId: 'j-fwd', payload: '5' });
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get('rollcall-served-by')).toBe('leader r1');
    expect(submitted.headers.get('rollcall-forwarded-by')).toBe('r2');
    expect(submitted.body).toMatchObject({ created: true, job: { id: 'j-fwd', kind: 'sleep', payload: '5' } });
    expect(leader.host.core.job('j-fwd')?.kind).toBe('sleep');
    expect((await call(standby, 'POST', '/api/jobs', { kind: 'sleep', jobId: 'j-fwd', payload: '5' })).status).toBe(200); // known: the leader's 200
    // The leader's errors come back as they are, with the query string kept.
    const missing = await call(standby, 'POST', '/api/workers/nobody/force-deregister?reason=gone');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('worker nobody does not exist');
    const invalid = await call(standby, 'POST', '/api/jobs', { kind: 7 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0].field).toBe('kind');
    // A registration with the join token, through the standby.
    const registered = await call(standby, 'POST', '/api/workers', { name: 'via-standby', agentPort: 7001, maxConcurrentJobs: 1 }, { authorization: `Bearer ${JOIN}` });
    expect(registered.status).toBe(201);
    expect(leader.host.core.member(registered.body.worker.id)?.address).toBe('127.0.0.1:7001');
    // The admin check stays on the standby: no token, nothing forwarded.
    expect((await call(standby, 'POST', '/api/jobs', { kind: 'x' }, { authorization: '' })).status).toBe(401);
    // A call is forwarded once at most: one that came forwarded to a standby is refused.
    const twice = await call(standby, 'POST', '/api/jobs', { kind: 'x' }, { 'rollcall-forwarded-by': 'r3' });
    expect(twice.status).toBe(503);
    expect(twice.body.error.message).toBe('replica r2 does not lead either (the call came forwarded by r3); try again shortly');
    // What only the leader's memory holds (recent events, the last hour's samples) is read from the leader.
    for (const path of ['/api/events?limit=5', '/api/workers/stats/history']) {
      const read = await call(standby, 'GET', path);
      expect(read.status, path).toBe(200);
      expect(read.headers.get('rollcall-forwarded-by'), path).toBe('r2');
    }
    expect((await call(standby, 'GET', '/api/events')).body.events.some((e: { type: string }) => e.type === 'job.submitted' || e.type.startsWith('job'))).toBe(true);
  });

  it("the leader takes a forwarded call's caller address only with the cluster's proof", async () => {
    const { leader } = await leaderAndStandby();
    const register = (name: string, headers: Record<string, string>) =>
      call(leader, 'POST', '/api/workers', { name, agentPort: 7002, maxConcurrentJobs: 1 }, { authorization: `Bearer ${JOIN}`, 'rollcall-forwarded-for': '10.9.8.7', ...headers });
    const proven = await register('proven', { 'rollcall-forward-proof': forwardProof(ADMIN) });
    expect(leader.host.core.member(proven.body.worker.id)?.address).toBe('10.9.8.7:7002');
    const forged = await register('forged', { 'rollcall-forward-proof': forwardProof('a guess') });
    expect(leader.host.core.member(forged.body.worker.id)?.address).toBe('127.0.0.1:7002');
    const bare = await register('bare', {});
    expect(leader.host.core.member(bare.body.worker.id)?.address).toBe('127.0.0.1:7002');
  });

  it('the dashboard loads from the standby and says who leads and how fresh its figures are', async () => {
    const { leader, standby } = await leaderAndStandby();
    expect((await call(leader, 'POST', '/api/workers/preregister', { workerId: 'w-a', name: 'w-a', address: '127.0.0.1:1' })).status).toBe(201);
    const page = await call(standby, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="served"');
    const summary = await until(() => call(standby, 'GET', '/api/dashboard/summary'), (r) => r.body.total === 1, 'the standby summary');
    expect(summary.body.up).toBe(true);
    expect(summary.body.served).toMatchObject({ role: 'standby', replica: 'r2', leader: { replica: 'r1', epoch: 1, rest: `127.0.0.1:${leader.httpPort}` } });
    expect(summary.body.served.dataAgeMs).toBeLessThanOrEqual(1_500);
    const members = await call(standby, 'GET', '/api/dashboard/members');
    expect(members.body.rows.map((row: { id: string }) => row.id)).toEqual(['w-a']);
    expect((await call(standby, 'GET', '/api/dashboard/members/w-a')).body.worker.id).toBe('w-a');
    const leaders = await call(leader, 'GET', '/api/dashboard/summary');
    expect(leaders.body.served).toEqual({ role: 'leader', replica: 'r1', leader: { replica: 'r1', epoch: 1, rest: null }, dataAgeMs: 0 });
    // /readiness stays 503 on the standby: balancers send it nothing they would need the leader for.
    expect((await call(standby, 'GET', '/readiness')).status).toBe(503);
  });

  it('with nobody leading, a write to a standby gets 503 with a one-line message; reads still answer', async () => {
    // A lease held by a replica that has gone, then lapsed: r2, whose next round is a minute away, leads nothing meanwhile.
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      const first = await replica('r1');
      expect((await call(first, 'POST', '/api/workers/preregister', { workerId: 'w-a', name: 'w-a', address: '127.0.0.1:1' })).status).toBe(201);
      await replicas.stopAll();
      await client.query(`UPDATE leases SET holder = 'gone/1', http_endpoint = '127.0.0.1:1', expires_at = now() + interval '1 hour'`);
      const standby = await replica('r2', 60_000);
      expect(standby.host.up).toBe(false);
      const unreachable = await call(standby, 'POST', '/api/jobs', { kind: 'sleep' });
      expect(unreachable.status).toBe(503);
      expect(unreachable.body.error.message).toMatch(/^replica r2 is standing by and could not reach the leader gone at 127\.0\.0\.1:1 \(.+\); try again shortly$/);
      await client.query(`UPDATE leases SET expires_at = now() - interval '1 second'`);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // the standby's cached view of the lease runs out
      const write = await call(standby, 'POST', '/api/jobs', { kind: 'sleep' });
      expect(write.status).toBe(503);
      expect(write.headers.get('retry-after')).toBe('1');
      expect(write.body.error.message).toBe('replica r2 is standing by and no replica leads now; try again shortly');
      const read = await call(standby, 'GET', '/api/workers');
      expect(read.status).toBe(200);
      expect(read.body.workers.map((w: { id: string }) => w.id)).toEqual(['w-a']);
      expect((await call(standby, 'GET', '/api/dashboard/summary')).body.served.leader).toBeNull();
    } finally {
      await client.end();
    }
  });
});

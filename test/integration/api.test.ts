// The registry process's API contract with real processes (docs/behaviour.md §1, §4): validation reports
// every field, the failed-attempt lock-out, batch registration, stats that add up, a body that
// is refused says why, and start-up errors that are one clear line.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster?.stop();
});

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');
type ErrorJson = { error: { code: string; message: string; details?: { field: string }[] } };

describe('registry API (real process)', () => {
  it('an invalid registration reports every violated field at once', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const reply = await cluster.api<ErrorJson>('POST', '/api/workers', {
      workerId: 'bad id!',
      name: '',
      maxConcurrentJobs: 0,
      loadFactor: 5,
      labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_argument');
    expect(reply.body.error.details!.map((d) => d.field).sort()).toEqual(['labels', 'loadFactor', 'maxConcurrentJobs', 'name', 'workerId']);
  });

  it('three failed attempts for one ID lock it out with 429 and Retry-After, except for its own secret', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const owner = await cluster.api('POST', '/api/workers', { workerId: 'owned', name: 'o', maxConcurrentJobs: 1, workerSecret: 'right' });
    expect(owner.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const wrong = await cluster.api<ErrorJson>('POST', '/api/workers', { workerId: 'owned', name: 'o', maxConcurrentJobs: 1, workerSecret: 'wrong' });
      expect(wrong.body.error.code).toBe('permission_denied');
    }
    const response = await fetch(`${cluster.http}/api/workers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.joinToken}` },
      body: JSON.stringify({ workerId: 'owned', name: 'o', maxConcurrentJobs: 1, workerSecret: 'wrong' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3500);
    const back = await cluster.api<{ reRegistered: boolean }>('POST', '/api/workers', { workerId: 'owned', name: 'o', maxConcurrentJobs: 1, workerSecret: 'right' });
    expect(back).toMatchObject({ status: 200, body: { reRegistered: true } });
  });

  it('batch registration answers per item, and stats add up', async () => {
    cluster = new Cluster();
    // The batch's members never heartbeat: give them time to stay active while the worker starts.
    await cluster.startRegistry(['--unhealthy-after', '1m']);
    const batch = await cluster.api<{ results: { status: number }[] }>('POST', '/api/workers/batch', {
      workers: [
        { workerId: 'b1', name: 'b1', maxConcurrentJobs: 2 },
        { workerId: 'b2', name: 'b2', maxConcurrentJobs: 3 },
        { workerId: 'b3', name: '', maxConcurrentJobs: 1 },
      ],
    });
    expect(batch.body.results.map((r) => r.status)).toEqual([201, 201, 400]);
    await cluster.startWorker('real', ['--capacity', '4']);
    await cluster.api('POST', '/api/workers/preregister', { name: 'later', address: '127.0.0.1:9' });
    const stats = await cluster.until(
      () => cluster.api<{ total: number; byState: Record<string, number>; bySubstate: Record<string, number>; capacity: { total: number; used: number; available: number } }>('GET', '/api/workers/stats').then((r) => r.body),
      (s) => s.byState.active === 3,
      5000,
      'three active members',
    );
    expect(stats.total).toBe(4);
    expect(Object.values(stats.byState).reduce((a, b) => a + b, 0)).toBe(stats.total);
    expect(Object.values(stats.bySubstate).reduce((a, b) => a + b, 0)).toBe(stats.byState.active);
    expect(stats.capacity).toEqual({ total: 9, used: 0, available: 9 });
  });

  it('a body holding __proto__ is refused by name, not as invalid JSON, and nothing is kept', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const response = await fetch(`${cluster.http}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.adminToken}` },
      body: '{"kind":"echo","__proto__":{"admin":true}}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error).toEqual({
      code: 'invalid_argument',
      message: 'the body holds the key "__proto__" at __proto__, which is refused: it could change the prototype of objects',
      details: [{ field: '__proto__', description: 'keys named __proto__, and prototype inside constructor, are refused' }],
    });
    expect((await cluster.api('GET', '/api/jobs')).body).toEqual({ jobs: [], count: 0 });
  });

  it('a database path it cannot open stops start-up with one clear line (exit 1)', () => {
    const run = spawnSync(process.execPath, [cli, 'registry', '--grpc-port', '0', '--http-port', '0', '--db', '/no/such/dir/r.db'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^rollcall registry: store \/no\/such\/dir\/r\.db: /);
  });

  it('a bad setting stops start-up with one line naming it; it is bad usage (exit 2), as a bad port is', () => {
    const bad = spawnSync(process.execPath, [cli, 'registry', '--db', ':memory:', '--unhealthy-after', 'soon'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^rollcall registry: flag --unhealthy-after: "soon" is not a duration/);
    const usage = spawnSync(process.execPath, [cli, 'registry', '--grpc-port', 'lots'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--grpc-port must be an integer/);
  });

  it('a port in use stops start-up with one clear line', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const clash = spawnSync(process.execPath, [cli, 'registry', '--db', ':memory:', '--grpc-port', '0', '--http-port', String(cluster.httpPort)], { encoding: 'utf8' });
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/^rollcall registry: .*(EADDRINUSE|address already in use)/m);
  });
});

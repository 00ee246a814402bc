// The library face (docs/behaviour.md §4): a registry and a worker embedded in one Node process, the
// worker running tasks with the service's own handler — the same runtime the CLI runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry, startWorker, type RunningRegistry, type Task, type WorkerProcess } from '../../runtime/index.ts';

let registry: RunningRegistry | undefined;
let worker: WorkerProcess | undefined;
afterEach(async () => {
  await worker?.stop();
  await registry?.stop();
});

const fast = { overrides: { heartbeatInterval: '200ms', rpcTimeout: '1s', initialDelay: '50ms', maxDelay: '400ms', drainTimeout: '2s' } };

describe('rollcall as a library', () => {
  it('an embedded worker runs jobs with its onTask handler, reports progress and results, and stops gracefully', async () => {
    registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), config: { overrides: { heartbeatInterval: '200ms' } } });
    const seen: Task[] = [];
    worker = await startWorker({
      registry: [`127.0.0.1:${registry.grpcPort}`],
      joinToken: registry.joinToken,
      name: 'embedded',
      stateDir: join(mkdtempSync(join(tmpdir(), 'rollcall-lib-')), 'state'),
      httpPort: null,
      config: fast,
      onTask: async (task, { progress, signal }) => {
        seen.push(task);
        progress(0.5);
        expect(signal.aborted).toBe(false);
        return `handled ${task.payload}`;
      },
    });
    await worker.waitFor('active', 5000);
    const id = worker.workerId!;
    const reply = await fetch(`http://127.0.0.1:${registry.httpPort}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registry.adminToken}` },
      body: JSON.stringify({ kind: 'resize', payload: 'img-42', jobId: 'j-lib' }),
    });
    expect(reply.status).toBe(201);
    const deadline = Date.now() + 5000;
    let job: { state: string; result: string; workerId: string | null } | undefined;
    while (Date.now() < deadline) {
      job = (await (await fetch(`http://127.0.0.1:${registry.httpPort}/api/jobs/j-lib`)).json()) as typeof job;
      if (job?.state === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'succeeded', result: 'handled img-42' });
    expect(seen.map((t) => [t.jobId, t.kind])).toEqual([['j-lib', 'resize']]);
    const states: string[] = [];
    worker.on('state', (s) => states.push(s));
    await worker.stop();
    expect(states).toEqual(['deregistering', 'stopped']);
    expect(registry.host.core.member(id)?.ctx.leftGracefully).toBe(true);
    worker = undefined;
  });

  it('a registry started without tokens generates both, keeps them with the db, and requires them', async () => {
    registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }) });
    expect(registry.generatedTokens).toEqual(['join', 'admin']);
    expect(registry.joinToken).toMatch(/^rcjoin_[A-Za-z0-9_-]{43}$/);
    expect(registry.adminToken).toMatch(/^rcadmin_[A-Za-z0-9_-]{43}$/);
    const base = `http://127.0.0.1:${registry.httpPort}`;
    const post = (path: string, token: string | undefined, body: unknown) =>
      fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const worker = { workerId: 'w-lib', name: 'w', maxConcurrentJobs: 1, address: '127.0.0.1:9' };
    expect((await post('/api/workers', undefined, worker)).status).toBe(401);
    expect((await post('/api/workers', registry.adminToken, worker)).status).toBe(401);
    expect((await post('/api/workers', registry.joinToken, worker)).status).toBe(201);
    expect((await post('/api/jobs', undefined, { kind: 'x' })).status).toBe(401);
    expect((await post('/api/jobs', registry.joinToken, { kind: 'x' })).status).toBe(401);
    expect((await post('/api/jobs', registry.adminToken, { kind: 'x' })).status).toBe(201);
    expect((await fetch(base + '/api/workers')).status).toBe(200);
  });

  it('a handler that throws fails its job with the error message', async () => {
    registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }) });
    worker = await startWorker({
      registry: [`127.0.0.1:${registry.grpcPort}`],
      joinToken: registry.joinToken,
      stateDir: join(mkdtempSync(join(tmpdir(), 'rollcall-lib-')), 'state'),
      httpPort: null,
      config: fast,
      onTask: async () => {
        throw new Error('disk full');
      },
    });
    await worker.waitFor('active', 5000);
    const submit = registry.host.call((core, now) => core.run({ kind: 'submitJob', spec: { jobId: 'doomed', kind: 'x' } }, now));
    expect(submit.ok).toBe(true);
    const deadline = Date.now() + 5000;
    while (registry.host.core.job('doomed')?.state !== 'failed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(registry.host.core.job('doomed')).toMatchObject({ state: 'failed', result: 'disk full' });
  });
});

// Identity, pre-registered details, lock-outs and an operator's reason on a real registry
// process over REST and gRPC (issue #16 items 2, 6, 8, 10): each reproduction of the issue,
// which failed before its fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, FAST_WORKER, freePort } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

type Reply = { worker: { id: string; registeredAt: string; address: string; name: string }; reRegistered: boolean; workerSecret?: string };

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('identity and operator details (real registry)', () => {
  it('seed 001: five registrations from one address without ID or secret are one member, 201 then 200', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const loop = { name: 'loop', maxConcurrentJobs: 1, address: '127.0.0.1:46991' };
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await cluster.api<Reply>('POST', '/api/workers', loop));
    expect(replies.map((r) => r.status)).toEqual([201, 200, 200, 200, 200]);
    expect(new Set(replies.map((r) => r.body.worker.id)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.worker.registeredAt)).size).toBe(1);
    const list = await cluster.api<{ count: number; workers: { address: string }[] }>('GET', '/api/workers');
    expect(list.body.count).toBe(1);
    expect(list.body.workers[0]!.address).toBe('127.0.0.1:46991');
    // A worker that holds its secret is not claimed by its address alone, and keeps its address.
    const own = await cluster.api<Reply>('POST', '/api/workers', { name: 'own', maxConcurrentJobs: 1, address: '127.0.0.1:46992', workerSecret: 'own-secret-0123456789' });
    const stranger = await cluster.api<{ error: { code: string; message: string } }>('POST', '/api/workers', { name: 'x', maxConcurrentJobs: 1, address: '127.0.0.1:46992' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toContain(`belongs to worker ${own.body.worker.id}`);
    expect((await cluster.member(own.body.worker.id)) as unknown).toMatchObject({ address: '127.0.0.1:46992', epoch: 1 });
  });

  it("a pre-registered member keeps the operator's name against a worker's default, and its first contact is logged as such", async () => {
    cluster = new Cluster();
    const events = join(cluster.dir, 'events.jsonl');
    await cluster.startRegistry(['--events', events]);
    const agentPort = await freePort();
    expect((await cluster.api('POST', '/api/workers/preregister', { name: 'm-1', address: `127.0.0.1:${agentPort}`, workerId: 'm-1' })).status).toBe(201);
    // No --name: the worker makes up HOST:PORT, and waits to be dialled.
    const worker = cluster.spawn(['worker', '--join-token', cluster.joinToken, '--agent-port', String(agentPort), '--state-dir', join(cluster.dir, 'm'), ...FAST_WORKER]);
    expect(await cluster.workerId(worker)).toBe('m-1');
    expect((await cluster.api<{ name: string; state: string }>('GET', '/api/workers/m-1')).body).toMatchObject({ name: 'm-1', state: 'active' });
    const first = jsonl(events).find((e) => e.type === 'member' && e.id === 'm-1' && e.from === 'registered');
    expect(first).toMatchObject({ to: 'active.idle', reason: 'registered' });
    const audit = jsonl(join(cluster.dir, 'registry.db.audit.jsonl')).filter((l) => l.id === 'm-1');
    expect(audit.map((l) => [l.event, l.returning])).toEqual([['preregistered', undefined], ['registered', false]]);
  });

  it('three invalid registrations naming a live worker do not lock it out: it comes back with its secret', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    let worker = await cluster.startWorker('victim', ['--id', 'victim']);
    expect(await cluster.workerId(worker)).toBe('victim');
    await worker.kill();
    for (let i = 0; i < 3; i++) expect((await cluster.api('POST', '/api/workers', { workerId: 'victim', name: 'x', maxConcurrentJobs: 0 })).status).toBe(400);
    expect((await cluster.api('POST', '/api/workers', { workerId: 'victim', name: 'x', maxConcurrentJobs: 1 })).status).toBe(429);
    worker = await cluster.startWorker('victim', ['--id', 'victim']);
    expect(await cluster.workerId(worker)).toBe('victim');
    await cluster.until(() => cluster.member('victim'), (m) => m.epoch === 2 && m.state === 'active', 5000, 'victim back at epoch 2');
  });

  it("force-deregister keeps the operator's reason in the reply, the audit log and the member's history", async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    expect((await cluster.api('POST', '/api/workers', { workerId: 'fd', name: 'fd', maxConcurrentJobs: 1, address: '127.0.0.1:47002' })).status).toBe(201);
    const done = await cluster.api<{ reason: string; worker: { state: string } }>('POST', '/api/workers/fd/force-deregister?reason=Emergency%20shutdown');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ reason: 'Emergency shutdown', worker: { state: 'inactive' } });
    const recorded = 'deregistered by an operator: Emergency shutdown';
    const audit = jsonl(join(cluster.dir, 'registry.db.audit.jsonl')).find((l) => l.event === 'deregistered');
    expect(audit).toMatchObject({ id: 'fd', reason: recorded, api: 'rest' });
    const page = await cluster.api<{ history: { to: string; reason: string }[] }>('GET', '/api/dashboard/members/fd');
    expect(page.body.history.at(-1)).toMatchObject({ to: 'inactive', reason: recorded });
    const tooLong = await cluster.api('POST', '/api/workers/fd/force-deregister', { reason: 'x'.repeat(257) });
    expect(tooLong.status).toBe(400);
  });
});

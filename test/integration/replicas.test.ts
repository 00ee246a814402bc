// Registry replicas on one real PostgreSQL (issue #9), as real processes: one leader at a time,
// failover when it is killed or paused past its lease, its writes fenced when it resumes, and
// workers carrying on through their endpoint list without losing their ID.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { ReplicaCluster } from '../support/replica-cluster.ts';
import { replicaViolations } from '../support/replica-invariants.ts';

let database: TestDatabase;
let cluster: ReplicaCluster;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.drop());
afterEach(async () => {
  expect(replicaViolations(cluster)).toEqual([]);
  await cluster?.stop();
  await database.drop();
  database = await freshDatabase();
});

const GRACE = ['--restart-grace', '3s'];

async function twoReplicasAndAWorker() {
  cluster = new ReplicaCluster(database.url);
  await cluster.startReplica('r1', GRACE);
  await cluster.startReplica('r2', GRACE);
  const first = await cluster.awaitLeader();
  const worker = await cluster.startWorker('w1', ['--registry', cluster.endpoints], true);
  const id = await cluster.workerId(worker);
  await cluster.memberState(id, 'active');
  return { first, worker, id };
}

describe('registry replicas on PostgreSQL', () => {
  it('elect exactly one leader; the standby is not ready, naming it (its reads: replica-reads.test.ts)', async () => {
    const { first } = await twoReplicasAndAWorker();
    const standby = [...cluster.replicas.values()].find((r) => r.name !== first.name)!;
    const reply = await fetch(`http://127.0.0.1:${standby.httpPort}/readiness`);
    expect(reply.status).toBe(503);
    const body = (await reply.json()) as { reason: string };
    expect(body.reason).toBe(
      `replica ${standby.name} is standing by; the leader is ${first.name} at 127.0.0.1:${first.grpcPort} (REST http://127.0.0.1:${first.httpPort}, epoch 1)`,
    );
  });

  it('fail over when the leader is killed: the standby leads, the worker keeps its ID and session, no job is lost', async () => {
    const { first, worker, id } = await twoReplicasAndAWorker();
    const before = await cluster.member(id);
    const jobs = ['j1', 'j2', 'j3', 'j4'];
    for (const jobId of jobs) expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '700', jobId })).status).toBe(201);
    const killedAt = Date.now();
    await first.proc.kill();
    const second = await cluster.awaitLeader(10_000, first.name);
    const failoverMs = Date.now() - killedAt;
    console.log(`leader ${first.name} SIGKILLed; ${second.name} serving after ${failoverMs} ms (lease TTL 1200 ms, renew 300 ms)`);
    await cluster.until(() => cluster.member(id), (m) => m.state === 'active', 10_000, `${id} active on the new leader`);
    const after = await cluster.member(id);
    expect(after.epoch).toBe(before.epoch); // the session lives in the database: no re-registration needed
    expect(worker.lines.some((l) => l.includes('"to":"registering"') && l.includes('reconnect'))).toBe(false);
    await cluster.until(async () => cluster.events(second.name, 'replica.leading').length, (n) => n > 0, 5_000, `${second.name} to log its lead`);
    expect(cluster.events(second.name, 'replica.leading').map((e) => e.epoch)).toEqual([2]);
    // Every job acknowledged before the kill finishes, on the new leader (requeued if it was running).
    for (const jobId of jobs) {
      await cluster.until(() => cluster.api<{ state: string }>('GET', `/api/jobs/${jobId}`), (r) => r.body.state === 'succeeded', 15_000, `${jobId} to succeed`);
    }
  });

  it('fence a leader paused past its lease: after SIGCONT it steps down and changes nothing', async () => {
    const { first, id } = await twoReplicasAndAWorker();
    first.proc.signal('SIGSTOP');
    const second = await cluster.awaitLeader(10_000, first.name);
    await cluster.until(() => cluster.member(id), (m) => m.state === 'active', 10_000, `${id} active on ${second.name}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the paused leader's view of w1 is now stale by > unhealthy-after
    first.proc.signal('SIGCONT');
    await cluster.until(async () => cluster.events(first.name, 'replica.stepped-down').length, (n) => n > 0, 10_000, `${first.name} to step down`);
    const stepped = cluster.events(first.name, 'replica.stepped-down')[0]!;
    console.log(`paused leader ${first.name} resumed and stepped down: ${String(stepped.reason)}`);
    expect(String(stepped.reason)).toMatch(/lease|refused/);
    // What the resumed ex-leader believed (w1 silent for seconds) never reached the database.
    for (let i = 0; i < 10; i++) {
      expect((await cluster.member(id)).state).toBe('active');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await cluster.leader())?.name).toBe(second.name);
    const readiness = await fetch(`http://127.0.0.1:${first.httpPort}/readiness`).then((r) => r.json() as Promise<{ reason: string }>);
    expect(readiness.reason).toContain(`the leader is ${second.name}`);
  });

  it('hand over at once when the leader stops gracefully (SIGTERM): the standby is told, not left to its next round', async () => {
    cluster = new ReplicaCluster(database.url);
    const slow = ['--lease-ttl', '60s', '--lease-renew', '20s']; // without the hint: a takeover 20 s later at best
    const first = await cluster.startReplica('r1', slow);
    await cluster.startReplica('r2', slow);
    expect((await cluster.awaitLeader()).name).toBe('r1');
    const stoppedAt = Date.now();
    first.proc.signal('SIGTERM');
    await first.proc.exited;
    const second = await cluster.awaitLeader(10_000, 'r1');
    console.log(`graceful hand-over r1 → ${second.name} in ${Date.now() - stoppedAt} ms (renew interval 20 s)`);
    // Its log line may reach us a moment after its /health says it serves.
    await cluster.until(async () => cluster.events('r2', 'replica.leading').map((e) => e.epoch), (epochs) => epochs.length > 0, 5_000, 'r2 to log its lead');
    expect(cluster.events('r2', 'replica.leading').map((e) => e.epoch)).toEqual([2]);
  });
});

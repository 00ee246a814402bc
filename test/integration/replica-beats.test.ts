// Heartbeats shared by standby replicas (workers with --spread-heartbeats), against a real
// PostgreSQL: a standby answers the heartbeats of the workers that hash to it and hands them on
// through the database; the leader replays them, so those workers stay active without ever
// heartbeating to it. When the standby dies its workers move their stream on; when the leader
// dies the standby leads and keeps serving the streams it holds.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spreadOffset } from '../../runtime/worker/start-worker.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { ReplicaCluster } from '../support/replica-cluster.ts';
import { replicaViolations } from '../support/replica-invariants.ts';

let database: TestDatabase;
let cluster: ReplicaCluster;
beforeEach(async () => {
  database = await freshDatabase();
});
afterEach(async () => {
  expect(replicaViolations(cluster)).toEqual([]);
  await cluster?.stop();
  await database.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Worker names whose heartbeats go to endpoint `index` of two. */
function namesFor(index: number, count: number): string[] {
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) if (spreadOffset(`beat-${i}`) % 2 === index) names.push(`beat-${i}`);
  return names;
}

async function seenBy(ids: string[]): Promise<(string | null)[]> {
  const client = new pg.Client(database.url);
  await client.connect();
  try {
    const rows = (await client.query<{ id: string; seen_by: string | null }>('SELECT id, seen_by FROM members WHERE id = ANY($1::text[])', [ids])).rows;
    return ids.map((id) => rows.find((r) => r.id === id)?.seen_by?.split('/')[0] ?? null);
  } finally {
    await client.end();
  }
}

async function start(): Promise<{ onStandby: string[]; onLeader: string[] }> {
  cluster = new ReplicaCluster(database.url);
  await cluster.startReplica('r1', ['--restart-grace', '3s']);
  await cluster.startReplica('r2', ['--restart-grace', '3s']);
  expect((await cluster.awaitLeader()).name).toBe('r1');
  const spawn = async (name: string) => cluster.workerId(await cluster.startWorker(name, ['--registry', cluster.endpoints, '--spread-heartbeats'], true));
  const onStandby = [];
  for (const name of namesFor(1, 2)) onStandby.push(await spawn(name));
  const onLeader = [await spawn(namesFor(0, 1)[0]!)];
  return { onStandby, onLeader };
}

/** Fails if any of `ids` is seen anything but active while polling for `ms`. */
async function stayActive(ids: string[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await cluster.awaitLeader();
    for (const id of ids) expect((await cluster.member(id)).state).toBe('active');
    await sleep(150);
  }
}

describe('heartbeats on standby replicas', () => {
  it('a standby answers the heartbeats of its workers and the leader keeps them active from what it hands on', async () => {
    const { onStandby, onLeader } = await start();
    await stayActive([...onStandby, ...onLeader], 3_000); // 2× unhealthy-after
    expect(await seenBy(onStandby)).toEqual(['r2', 'r2']);
    expect(await seenBy(onLeader)).toEqual([null]);
  });

  it('when the standby dies, its workers stream to the leader instead, and nobody turns unhealthy', async () => {
    const { onStandby, onLeader } = await start();
    await stayActive(onStandby, 1_000);
    await cluster.replicas.get('r2')!.proc.kill();
    await stayActive([...onStandby, ...onLeader], 3_000);
  });

  it('when the leader dies, the standby leads and goes on serving the streams it holds', async () => {
    const { onStandby, onLeader } = await start();
    await stayActive(onStandby, 1_000);
    await cluster.replicas.get('r1')!.proc.kill();
    expect((await cluster.awaitLeader(10_000, 'r1')).name).toBe('r2');
    await sleep(4_000); // past the restart grace (3 s) and unhealthy-after (1.5 s)
    await stayActive([...onStandby, ...onLeader], 2_000);
  });
});

// The Store port's contract, run against every implementation (the synchronous embedded ones
// and PostgreSQL's AsyncStore, every call awaited): what the registry writes, it loads back the
// same, in the order first written; heartbeat times and meta on their own paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import type { AsyncStore, Store } from '../../../runtime/store/store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

let dir = '';
let files = 0;
const databases: TestDatabase[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-store-contract-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

const implementations: { name: string; open: () => Store | Promise<AsyncStore> }[] = [
  { name: 'MemoryStore', open: () => new MemoryStore() },
  { name: 'SqliteStore', open: () => SqliteStore.open(join(dir, `contract-${files++}.db`)) },
  {
    name: 'PostgresStore',
    open: async () => {
      const database = await freshDatabase();
      databases.push(database);
      return PostgresStore.open(database.url);
    },
  },
];

describe.each(implementations)('Store contract: $name', ({ open }) => {
  let store: Store | AsyncStore;
  const fresh = async () => (store = await open());
  afterEach(async () => store?.close());

  it('starts empty', async () => {
    await fresh();
    expect(await store.load()).toStrictEqual({ members: [], jobs: [] });
    expect(await store.getMeta('joinToken')).toBeUndefined();
  });

  it('loads back the members and jobs it was given, equal', async () => {
    await fresh();
    const members = [memberRecord('w-1'), memberRecord('w-2', { value: 'failed', address: '' })];
    const jobs = [jobRecord('job-1'), jobRecord('job-2', { state: 'assigned', memberId: 'w-1', epoch: 2, attempt: 1 })];
    await store.write([...members.map((member) => ({ kind: 'member' as const, member })), ...jobs.map((job) => ({ kind: 'job' as const, job }))]);
    expect(await store.load()).toStrictEqual({ members, jobs });
  });

  it('overwrites a record written again, keeping its place', async () => {
    await fresh();
    await store.write([{ kind: 'member', member: memberRecord('w-1') }, { kind: 'member', member: memberRecord('w-2') }]);
    await store.write([{ kind: 'job', job: jobRecord('job-1') }]);
    const updated = memberRecord('w-1', { value: 'unhealthy', name: 'renamed' });
    const finished = jobRecord('job-1', { state: 'succeeded', result: 'done', finishedAt: 9_000 });
    await store.write([{ kind: 'member', member: updated }, { kind: 'job', job: finished }]);
    expect(await store.load()).toStrictEqual({ members: [updated, memberRecord('w-2')], jobs: [finished] });
  });

  it('deletes a removed member, ignores an unknown one, and puts a returning one last', async () => {
    await fresh();
    await store.write(['w-1', 'w-2', 'w-3'].map((id) => ({ kind: 'member', member: memberRecord(id) })));
    await store.write([{ kind: 'member.removed', memberId: 'w-1' }, { kind: 'member.removed', memberId: 'w-9' }]);
    expect((await store.load()).members.map((m) => m.id)).toEqual(['w-2', 'w-3']);
    await store.write([{ kind: 'member', member: memberRecord('w-1') }]);
    expect((await store.load()).members.map((m) => m.id)).toEqual(['w-2', 'w-3', 'w-1']);
  });

  it('writeHeartbeats changes only the heartbeat time, and only of known members', async () => {
    await fresh();
    await store.write([{ kind: 'member', member: memberRecord('w-1') }, { kind: 'member', member: memberRecord('w-2') }]);
    await store.writeHeartbeats([
      { memberId: 'w-2', lastHeartbeatAt: 7_777 },
      { memberId: 'w-404', lastHeartbeatAt: 8_888 },
    ]);
    await store.writeHeartbeats([]);
    expect((await store.load()).members).toStrictEqual([memberRecord('w-1'), memberRecord('w-2', { lastHeartbeatAt: 7_777 })]);
  });

  it('a member written after a heartbeat flush carries its own heartbeat time', async () => {
    await fresh();
    await store.write([{ kind: 'member', member: memberRecord('w-1') }]);
    await store.writeHeartbeats([{ memberId: 'w-1', lastHeartbeatAt: 5_000 }]);
    await store.write([{ kind: 'member', member: memberRecord('w-1', { lastHeartbeatAt: 4_000, value: 'unhealthy' }) }]);
    expect((await store.load()).members).toStrictEqual([memberRecord('w-1', { lastHeartbeatAt: 4_000, value: 'unhealthy' })]);
  });

  it('keeps meta values, the latest per key', async () => {
    await fresh();
    await store.setMeta('joinToken', 'abc');
    await store.setMeta('clusterId', 'c-1');
    await store.setMeta('joinToken', 'def');
    expect(await store.getMeta('joinToken')).toBe('def');
    expect(await store.getMeta('clusterId')).toBe('c-1');
    expect(await store.getMeta('missing')).toBeUndefined();
  });

  it('hands out copies: changing what load returned, or what was written, changes nothing stored', async () => {
    await fresh();
    const written = memberRecord('w-1');
    const job = jobRecord('job-1');
    await store.write([{ kind: 'member', member: written }, { kind: 'job', job }]);
    written.name = 'changed after write';
    job.state = 'failed';
    const loaded = await store.load();
    loaded.members[0]!.name = 'changed after load';
    loaded.members[0]!.ctx.recoveries.push(1);
    loaded.jobs[0]!.state = 'succeeded';
    loaded.members.pop();
    expect(await store.load()).toStrictEqual({ members: [memberRecord('w-1')], jobs: [jobRecord('job-1')] });
  });
});

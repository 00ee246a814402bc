// The Store port's contract, run against every implementation: what the registry writes, it
// loads back the same, in the order first written; heartbeat times and meta on their own paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';
import type { Store } from '../../../runtime/store/store.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

let dir = '';
let files = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-store-contract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const implementations: { name: string; open: () => Store }[] = [
  { name: 'MemoryStore', open: () => new MemoryStore() },
  { name: 'SqliteStore', open: () => SqliteStore.open(join(dir, `contract-${files++}.db`)) },
];

describe.each(implementations)('Store contract: $name', ({ open }) => {
  let store: Store;
  const fresh = () => (store = open());
  afterEach(() => store?.close());

  it('starts empty', () => {
    fresh();
    expect(store.load()).toStrictEqual({ members: [], jobs: [] });
    expect(store.getMeta('joinToken')).toBeUndefined();
  });

  it('loads back the members and jobs it was given, equal', () => {
    fresh();
    const members = [memberRecord('w-1'), memberRecord('w-2', { value: 'failed', address: '' })];
    const jobs = [jobRecord('job-1'), jobRecord('job-2', { state: 'assigned', memberId: 'w-1', epoch: 2, attempt: 1 })];
    store.write([...members.map((member) => ({ kind: 'member' as const, member })), ...jobs.map((job) => ({ kind: 'job' as const, job }))]);
    expect(store.load()).toStrictEqual({ members, jobs });
  });

  it('overwrites a record written again, keeping its place', () => {
    fresh();
    store.write([{ kind: 'member', member: memberRecord('w-1') }, { kind: 'member', member: memberRecord('w-2') }]);
    store.write([{ kind: 'job', job: jobRecord('job-1') }]);
    const updated = memberRecord('w-1', { value: 'unhealthy', name: 'renamed' });
    const finished = jobRecord('job-1', { state: 'succeeded', result: 'done', finishedAt: 9_000 });
    store.write([{ kind: 'member', member: updated }, { kind: 'job', job: finished }]);
    expect(store.load()).toStrictEqual({ members: [updated, memberRecord('w-2')], jobs: [finished] });
  });

  it('deletes a removed member, ignores an unknown one, and puts a returning one last', () => {
    fresh();
    store.write(['w-1', 'w-2', 'w-3'].map((id) => ({ kind: 'member', member: memberRecord(id) })));
    store.write([{ kind: 'member.removed', memberId: 'w-1' }, { kind: 'member.removed', memberId: 'w-9' }]);
    expect(store.load().members.map((m) => m.id)).toEqual(['w-2', 'w-3']);
    store.write([{ kind: 'member', member: memberRecord('w-1') }]);
    expect(store.load().members.map((m) => m.id)).toEqual(['w-2', 'w-3', 'w-1']);
  });

  it('writeHeartbeats changes only the heartbeat time, and only of known members', () => {
    fresh();
    store.write([{ kind: 'member', member: memberRecord('w-1') }, { kind: 'member', member: memberRecord('w-2') }]);
    store.writeHeartbeats([
      { memberId: 'w-2', lastHeartbeatAt: 7_777 },
      { memberId: 'w-404', lastHeartbeatAt: 8_888 },
    ]);
    store.writeHeartbeats([]);
    expect(store.load().members).toStrictEqual([memberRecord('w-1'), memberRecord('w-2', { lastHeartbeatAt: 7_777 })]);
  });

  it('a member written after a heartbeat flush carries its own heartbeat time', () => {
    fresh();
    store.write([{ kind: 'member', member: memberRecord('w-1') }]);
    store.writeHeartbeats([{ memberId: 'w-1', lastHeartbeatAt: 5_000 }]);
    store.write([{ kind: 'member', member: memberRecord('w-1', { lastHeartbeatAt: 4_000, value: 'unhealthy' }) }]);
    expect(store.load().members).toStrictEqual([memberRecord('w-1', { lastHeartbeatAt: 4_000, value: 'unhealthy' })]);
  });

  it('keeps meta values, the latest per key', () => {
    fresh();
    store.setMeta('joinToken', 'abc');
    store.setMeta('clusterId', 'c-1');
    store.setMeta('joinToken', 'def');
    expect(store.getMeta('joinToken')).toBe('def');
    expect(store.getMeta('clusterId')).toBe('c-1');
    expect(store.getMeta('missing')).toBeUndefined();
  });

  it('hands out copies: changing what load returned, or what was written, changes nothing stored', () => {
    fresh();
    const written = memberRecord('w-1');
    const job = jobRecord('job-1');
    store.write([{ kind: 'member', member: written }, { kind: 'job', job }]);
    written.name = 'changed after write';
    job.state = 'failed';
    const loaded = store.load();
    loaded.members[0]!.name = 'changed after load';
    loaded.members[0]!.ctx.recoveries.push(1);
    loaded.jobs[0]!.state = 'succeeded';
    loaded.members.pop();
    expect(store.load()).toStrictEqual({ members: [memberRecord('w-1')], jobs: [jobRecord('job-1')] });
  });
});

// Random sequences of writes, heartbeat flushes and meta updates leave MemoryStore, SqliteStore
// and PostgresStore with the same `load()` and meta; the SQLite file still says so after
// reopening, and PostgreSQL through a fresh connection pool.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobState, Resources } from '../../../machines/registry/registry.types.ts';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import type { AsyncStore, HeartbeatTime, Store, StoreWrite } from '../../../runtime/store/store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { propertyParams } from '../../support/property.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-store-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type MemberValue = 'registered' | { active: string } | 'unhealthy' | 'failed' | 'inactive';

const memberId = fc.constantFrom('w-1', 'w-2', 'w-3', 'w-4');
const metaKeys = ['joinToken', 'clusterId'] as const;
const time = fc.nat({ max: 10_000_000 });

const storeWrite: fc.Arbitrary<StoreWrite> = fc.oneof(
  fc
    .record({
      id: memberId,
      name: fc.string({ maxLength: 12 }),
      value: fc.constantFrom<MemberValue>('registered', { active: 'idle' }, { active: 'draining' }, 'unhealthy', 'failed', 'inactive'),
      lastHeartbeatAt: time,
      labels: fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      capabilities: fc.constantFrom<Record<string, string>>({}, { gpu: 'a100' }),
      resources: fc.constantFrom<Resources>({}, { cpuCores: 2 }),
      loadFactor: fc.constantFrom(1, 0.5, 2.75),
      instance: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
      takenOver: fc.option(fc.boolean(), { nil: undefined }),
      addressIdentity: fc.option(fc.boolean(), { nil: undefined }),
      addressTaken: fc.option(fc.boolean(), { nil: undefined }),
      ctx: fc.record({ epoch: fc.nat({ max: 9 }), checkFailures: fc.nat({ max: 3 }), recoveries: fc.array(time, { maxLength: 2 }), leftGracefully: fc.boolean() }),
    })
    .map(({ id, ctx, ...extra }) => {
      const member = memberRecord(id, extra);
      member.ctx = { ...member.ctx, ...ctx };
      for (const key of ['instance', 'takenOver', 'addressIdentity', 'addressTaken'] as const) if (member[key] === undefined) delete member[key];
      return { kind: 'member' as const, member };
    }),
  memberId.map((id) => ({ kind: 'member.removed' as const, memberId: id })),
  fc
    .record({
      id: fc.constantFrom('job-1', 'job-2', 'job-3'),
      state: fc.constantFrom<JobState>('queued', 'assigned', 'succeeded', 'failed'),
      memberId: fc.option(memberId, { nil: null }),
      attempt: fc.nat({ max: 9 }),
      result: fc.string({ maxLength: 12 }),
    })
    .map(({ id, ...extra }) => ({ kind: 'job' as const, job: jobRecord(id, extra) })),
);

type Step =
  | { kind: 'write'; batch: StoreWrite[] }
  | { kind: 'heartbeats'; beats: HeartbeatTime[] }
  | { kind: 'meta'; key: string; value: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.array(storeWrite, { minLength: 1, maxLength: 4 }).map((batch) => ({ kind: 'write' as const, batch })),
  fc
    .array(fc.record({ memberId: fc.oneof(memberId, fc.constant('w-unknown')), lastHeartbeatAt: time }), { maxLength: 4 })
    .map((beats) => ({ kind: 'heartbeats' as const, beats })),
  fc.record({ key: fc.constantFrom(...metaKeys), value: fc.string({ maxLength: 12 }) }).map((m) => ({ kind: 'meta' as const, ...m })),
);

function apply(store: Store, s: Step): void {
  if (s.kind === 'write') store.write(s.batch);
  else if (s.kind === 'heartbeats') store.writeHeartbeats(s.beats);
  else store.setMeta(s.key, s.value);
}

async function applyAsync(store: AsyncStore, s: Step): Promise<void> {
  if (s.kind === 'write') await store.write(s.batch);
  else if (s.kind === 'heartbeats') await store.writeHeartbeats(s.beats);
  else await store.setMeta(s.key, s.value);
}

function contents(store: Store) {
  return { ...store.load(), meta: metaKeys.map((key) => store.getMeta(key)) };
}

async function contentsAsync(store: AsyncStore) {
  return { ...(await store.load()), meta: await Promise.all(metaKeys.map((key) => store.getMeta(key))) };
}

let runs = 0;
it('MemoryStore and SqliteStore agree on any sequence of writes', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
      const path = join(dir, `run-${runs++}.db`);
      const memory = new MemoryStore();
      const sqlite = SqliteStore.open(path);
      try {
        for (const s of steps) {
          apply(memory, s);
          apply(sqlite, s);
        }
        expect(contents(sqlite)).toStrictEqual(contents(memory));
      } finally {
        sqlite.close();
      }
      const reopened = SqliteStore.open(path);
      try {
        expect(contents(reopened)).toStrictEqual(contents(memory));
      } finally {
        reopened.close();
      }
    }),
    propertyParams(60),
  );
});

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.drop());

it('MemoryStore and PostgresStore agree on any sequence of writes', async () => {
  const postgres = await PostgresStore.open(database.url);
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        await postgres.pool.query('TRUNCATE members, jobs, meta RESTART IDENTITY');
        const memory = new MemoryStore();
        for (const s of steps) {
          apply(memory, s);
          await applyAsync(postgres, s);
        }
        expect(await contentsAsync(postgres)).toStrictEqual(contents(memory));
        const reopened = await PostgresStore.open(database.url, { poolSize: 1 });
        try {
          expect(await contentsAsync(reopened)).toStrictEqual(contents(memory));
        } finally {
          await reopened.close();
        }
      }),
      propertyParams(40),
    );
  } finally {
    await postgres.close();
  }
});

// Random sequences of writes, heartbeat flushes and meta updates leave MemoryStore and
// SqliteStore with the same `load()` and meta, and the SQLite file still says so after reopening.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { JobState } from '../../../machines/registry/registry.types.ts';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';
import type { HeartbeatTime, Store, StoreWrite } from '../../../runtime/store/store.ts';
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
    })
    .map(({ id, ...extra }) => ({ kind: 'member' as const, member: memberRecord(id, extra) })),
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

function contents(store: Store) {
  return { ...store.load(), meta: metaKeys.map((key) => store.getMeta(key)) };
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

// A standby's copy of the tables (runtime/cluster/warm-records.ts) against a real PostgreSQL.
// Whatever the leader wrote — members written, rewritten, removed and written anew, jobs,
// heartbeat times that are never announced — and whenever the standby synced (or not at all,
// or while a write was in flight), the copy it hands over at a takeover is exactly what a full
// load of the database gives, in the same order. And it never misses a commit of the old
// leader: a fenced write still in flight when the lease expires holds the takeover back until it
// commits, and the copy's last read, made under the new lease, has it.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Lease } from '../../../runtime/cluster/lease.ts';
import { WarmRecords } from '../../../runtime/cluster/warm-records.ts';
import type { StoreWrite } from '../../../runtime/store/store.ts';
import { storeForFile } from '../../support/postgres.ts';
import { propertyParams } from '../../support/property.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

const TTL = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const db = storeForFile();

type Step =
  | { kind: 'member'; n: number; epoch: number }
  | { kind: 'remove'; n: number }
  | { kind: 'job'; n: number; member: number; state: 'queued' | 'assigned' }
  | { kind: 'beats'; ns: number[]; at: number }
  | { kind: 'sync' }
  | { kind: 'syncDuring'; n: number };

const n = fc.nat({ max: 7 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('member' as const), n, epoch: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), n }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('job' as const), n, member: n, state: fc.constantFrom('queued' as const, 'assigned' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('beats' as const), ns: fc.array(n, { minLength: 1, maxLength: 4 }), at: fc.integer({ min: 2_000, max: 9_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('syncDuring' as const), n }) },
);

function writeOf(s: Extract<Step, { kind: 'member' | 'remove' | 'job' }>, run: number): StoreWrite {
  if (s.kind === 'remove') return { kind: 'member.removed', memberId: `m${run}-${s.n}` };
  if (s.kind === 'job') return { kind: 'job', job: jobRecord(`j${run}-${s.n}`, { state: s.state, memberId: s.state === 'assigned' ? `m${run}-${s.member}` : null }) };
  return { kind: 'member', member: memberRecord(`m${run}-${s.n}`, { ctx: { ...memberRecord('x').ctx, epoch: s.epoch } }) };
}

/** Clears what the last run left, so each run starts from an empty database. */
async function emptyTables(): Promise<void> {
  await db.store.pool.query('DELETE FROM members');
  await db.store.pool.query('DELETE FROM jobs');
}

let run = 0;
async function play(steps: Step[]): Promise<void> {
  run++;
  await emptyTables();
  const warm = new WarmRecords(db.store.pool, db.store.url);
  await warm.start();
  try {
    for (const s of steps) {
      if (s.kind === 'sync') await warm.sync();
      else if (s.kind === 'syncDuring') await Promise.all([warm.sync(), db.store.write([writeOf({ kind: 'member', n: s.n, epoch: 1 }, run)])]);
      else if (s.kind === 'beats') await db.store.writeHeartbeats(s.ns.map((i) => ({ memberId: `m${run}-${i}`, lastHeartbeatAt: s.at })));
      else await db.store.write([writeOf(s, run)]);
    }
    const copy = await warm.takeOver();
    expect(copy).toEqual(await db.store.load());
  } finally {
    await warm.stop();
  }
}

it('hands over exactly what a full load reads, whenever it synced', async () => {
  await fc.assert(fc.asyncProperty(fc.array(step, { maxLength: 30 }), play), propertyParams(40));
}, 240_000);

it('catches up on a member removed and written anew, and on heartbeat times alone, at the takeover', async () => {
  await play([
    { kind: 'member', n: 1, epoch: 1 },
    { kind: 'member', n: 2, epoch: 1 },
    { kind: 'sync' },
    { kind: 'remove', n: 1 },
    { kind: 'member', n: 1, epoch: 2 },
    { kind: 'beats', ns: [2], at: 7_000 },
  ]);
}, 60_000);

it('has the write the old leader committed while the new one was taking the lease', async () => {
  const old = new Lease(db.store.pool, { name: 'leader', holder: 'old/1', ttlMs: TTL, marginMs: 0 });
  const next = new Lease(db.store.pool, { name: 'leader', holder: 'next/1', ttlMs: TTL });
  await emptyTables();
  const warm = new WarmRecords(db.store.pool, db.store.url);
  try {
    expect(await old.acquire()).toBe(true);
    await db.store.write([{ kind: 'member', member: memberRecord('before') }]);
    await warm.start();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const late = db.store.writingThrough((work) => old.fenced(async (client) => {
      await work(client);
      await held; // written, not yet committed
    }));
    const inFlight = late.write([{ kind: 'member', member: memberRecord('late') }]);
    await sleep(TTL + 100);
    const takeover = next.acquire();
    await sleep(100);
    release();
    await inFlight;
    expect(await takeover).toBe(true);
    const copy = await warm.takeOver();
    expect(copy.members.map((m) => m.id)).toEqual(['before', 'late']);
    expect(copy).toEqual(await db.store.load());
  } finally {
    await warm.stop();
  }
}, 30_000);

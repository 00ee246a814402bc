// The modelled PostgreSQL: statements take time, wait out a stall or a cut, fail on a stop,
// and the lease's fence refuses a write from a pair that no longer holds.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../runtime/clock/virtual-clock.ts';
import { FencedOut } from '../../../../runtime/cluster/lease.ts';
import { SimDatabase } from '../../../../runtime/sim/cluster/sim-database.ts';
import { SimProcess } from '../../../../runtime/sim/cluster/sim-process.ts';

function world() {
  const clock = new VirtualClock();
  const log: string[] = [];
  const db = new SimDatabase(clock, (type) => log.push(type), { latencyMs: 1 });
  return { clock, db, log, r1: new SimProcess('r1', clock), r2: new SimProcess('r2', clock) };
}

/** What a statement's promise came to by now. */
function watch<T>(promise: Promise<T>) {
  const seen: { value?: T; error?: Error } = {};
  promise.then((value) => (seen.value = value), (error: Error) => (seen.error = error));
  return seen;
}

describe('SimDatabase', () => {
  it('answers a statement after a round trip, judged at the database', async () => {
    const { clock, db, r1 } = world();
    const seen = watch(db.query(r1, (now) => now, 1_000));
    await clock.runUntilSettled(1);
    expect(seen.value).toBeUndefined();
    await clock.runUntilSettled(2);
    expect(seen.value).toBe(1); // ran on arrival, 1 ms in
  });

  it('a stall holds statements; the caller times out, yet the statement still runs when it ends', async () => {
    const { clock, db, r1 } = world();
    db.stall();
    let ran = 0;
    const seen = watch(db.query(r1, () => ++ran, 100));
    await clock.runUntilSettled(500);
    expect(seen.error?.message).toBe('Query read timeout');
    expect(ran).toBe(0);
    db.resume();
    await clock.runUntilSettled(600);
    expect(ran).toBe(1);
  });

  it('a stop fails what waits and refuses what comes, until it is back', async () => {
    const { clock, db, r1 } = world();
    db.stall();
    const waiting = watch(db.query(r1, () => 'x', 10_000));
    await clock.runUntilSettled(10);
    db.stop();
    const refused = watch(db.query(r1, () => 'y', 10_000));
    await clock.runUntilSettled(20);
    expect(waiting.error?.message).toMatch(/Connection terminated/);
    expect(refused.error).toMatchObject({ code: 'ECONNRESET' });
    db.resume();
    const after = watch(db.query(r1, () => 'z', 10_000));
    await clock.runUntilSettled(30);
    expect(after.value).toBe('z');
  });

  it('a cut holds one replica only', async () => {
    const { clock, db, r1, r2 } = world();
    db.cut('r1');
    const one = watch(db.query(r1, () => 1, 10_000));
    const two = watch(db.query(r2, () => 2, 10_000));
    await clock.runUntilSettled(100);
    expect([one.value, two.value]).toEqual([undefined, 2]);
    db.heal('r1');
    await clock.runUntilSettled(200);
    expect(one.value).toBe(1);
  });

  it('the lease: one holder at a time, expired by the database clock, epochs only grow', () => {
    const { db } = world();
    expect(db.acquire('a', 1_000, 'a:1', 0)).toBe(1);
    expect(db.acquire('b', 1_000, 'b:1', 500)).toBeNull();
    expect(db.renew('a', 1, 1_000, 900)).toBe(true);
    expect(db.acquire('b', 1_000, 'b:1', 1_800)).toBeNull();
    expect(db.acquire('b', 1_000, 'b:1', 1_901)).toBe(2);
    expect(db.renew('a', 1, 1_000, 1_902)).toBe(false);
    expect(db.holderOf(1_902)).toMatchObject({ holder: 'b', epoch: 2, live: true });
  });

  it('the fence: a write from a pair that no longer holds is refused and changes nothing', () => {
    const { db, log } = world();
    db.acquire('a', 1_000, 'a:1', 0);
    db.fenced('a', 1, 10, (store) => store.setMeta('k', 'a'));
    db.acquire('b', 1_000, 'b:1', 2_000);
    expect(() => db.fenced('a', 1, 2_001, (store) => store.setMeta('k', 'zombie'))).toThrow(FencedOut);
    expect(db.store.getMeta('k')).toBe('a');
    expect(log).toContain('db.write.refused');
  });
});

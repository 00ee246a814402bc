// The holder's side of the lease, with statements that answer when the test says: the local
// claim ends before the database's could, a hung renew does not extend it, and once the claim
// is given up no renew still in flight can take it back — the next term is a new epoch.
import { describe, expect, it } from 'vitest';
import { ClaimedLease, type LeaseStatements } from '../../../runtime/cluster/claimed-lease.ts';

function controlled() {
  let now = 0;
  const pending: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  const answer = <T>() => new Promise<T>((resolve, reject) => pending.push({ resolve: resolve as (v: unknown) => void, reject }));
  const statements: LeaseStatements = { acquire: () => answer<number | null>(), renew: () => answer<boolean>(), resign: async () => {} };
  const lease = new ClaimedLease('r1/x', statements, { ttlMs: 1_000, marginMs: 100, now: () => now });
  return {
    lease,
    at: (ms: number) => void (now = ms),
    reply: async (value: unknown) => {
      pending.shift()!.resolve(value);
      await new Promise((r) => setImmediate(r));
    },
    fail: async () => {
      pending.shift()!.reject(new Error('Query read timeout'));
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('ClaimedLease', () => {
  it('holds from the start of the statement that took it, for the TTL less the margin', async () => {
    const c = controlled();
    c.at(100);
    const taking = c.lease.acquire();
    c.at(400); // the answer came late: the claim still counts from 100
    await c.reply(7);
    expect(await taking).toBe(true);
    expect(c.lease.epoch).toBe(7);
    expect(c.lease.remainingMs).toBe(600); // 100 + 1000 − 100 − 400
    c.at(1_000);
    expect(c.lease.held).toBe(false);
  });

  it('a renew the database cannot answer leaves the claim to lapse by itself', async () => {
    const c = controlled();
    const taking = c.lease.acquire();
    await c.reply(1);
    await taking;
    c.at(500);
    const renewing = c.lease.renew();
    await c.fail();
    expect(await renewing).toBe(true); // still within the claim
    c.at(900);
    expect(c.lease.held).toBe(false);
  });

  it('once given up, a renew still in flight cannot take the claim back', async () => {
    const c = controlled();
    const taking = c.lease.acquire();
    await c.reply(1);
    await taking;
    c.at(500);
    const renewing = c.lease.renew();
    c.lease.lost(); // stepped down meanwhile (the watchdog, a refused write)
    await c.reply(true); // the database did extend it: too late to count
    expect(await renewing).toBe(false);
    expect(c.lease.held).toBe(false);
    expect(c.lease.lastEpoch).toBe(1);
  });
});

// Random schedules of two lease clients against a real PostgreSQL: taking, renewing, writing
// under the fence, and being paused (a frozen process whose own clock says its lease is still
// good) and resumed, with real time passing between steps. Whatever the schedule, the writes
// that the database accepted show one holder per epoch and epochs that never go back: a
// holder whose lease was taken over cannot write, even when it does not know it.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FencedOut, Lease } from '../../../runtime/cluster/lease.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { propertyParams } from '../../support/property.ts';

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await freshDatabase();
  await (await PostgresStore.open(database.url)).close();
  pool = new pg.Pool({ connectionString: database.url, max: 8 });
  await pool.query('CREATE TABLE effects (id SERIAL PRIMARY KEY, holder TEXT NOT NULL, epoch BIGINT NOT NULL)');
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const TTL = 120;
type Step = { kind: 'acquire' | 'renew' | 'write' | 'pause' | 'resume'; who: number } | { kind: 'sleep'; ms: number };
const who = fc.nat({ max: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('acquire' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renew' as const), who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('pause' as const, 'resume' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.constantFrom(0, 60, 150) }) },
);

const ZOMBIE: Step[] = [
  { kind: 'acquire', who: 0 },
  { kind: 'pause', who: 0 },
  { kind: 'sleep', ms: 150 },
  { kind: 'acquire', who: 1 },
  { kind: 'write', who: 1 },
  { kind: 'write', who: 0 },
];

/** A client whose local clock stops while it is paused, as a SIGSTOPped process's would. */
function client(run: number, who: number) {
  let frozenAt: number | null = null;
  let lost = 0;
  const now = () => (frozenAt ?? performance.now()) - lost;
  const lease = new Lease(pool, { name: `run-${run}`, holder: `c${who}/${run}`, ttlMs: TTL, marginMs: 0, now });
  return {
    lease,
    pause: () => (frozenAt ??= performance.now()),
    resume: () => {
      if (frozenAt !== null) lost += performance.now() - frozenAt;
      frozenAt = null;
    },
  };
}

let runs = 0;
it('accepted fenced writes: one holder per epoch, epochs never go back, under any schedule of takes, pauses and writes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 24 }), async (steps) => {
      const run = runs++;
      const clients = [0, 1].map((w) => client(run, w));
      for (const s of steps) {
        if (s.kind === 'sleep') await new Promise((resolve) => setTimeout(resolve, s.ms));
        else if (s.kind === 'pause') clients[s.who]!.pause();
        else if (s.kind === 'resume') clients[s.who]!.resume();
        else if (s.kind === 'acquire') await clients[s.who]!.lease.acquire();
        else if (s.kind === 'renew') await clients[s.who]!.lease.renew();
        else {
          const { lease } = clients[s.who]!;
          await lease
            .fenced((c, epoch) => c.query('INSERT INTO effects (holder, epoch) VALUES ($1, $2)', [`${lease.holder}`, epoch]))
            .catch((error: unknown) => {
              if (!(error instanceof FencedOut)) throw error;
            });
        }
      }
      const rows = (await pool.query<{ holder: string; epoch: string }>('SELECT holder, epoch FROM effects WHERE holder LIKE $1 ORDER BY id', [`%/${run}`])).rows;
      const holderOf = new Map<number, string>();
      let last = 0;
      for (const row of rows) {
        const epoch = Number(row.epoch);
        expect(epoch).toBeGreaterThanOrEqual(last);
        last = epoch;
        expect(holderOf.get(epoch) ?? row.holder).toBe(row.holder);
        holderOf.set(epoch, row.holder);
      }
    }),
    // The zombie schedule first (take, freeze, lose the lease, another writes, the zombie writes),
    // then random ones: with the fence broken, the first fails at once.
    { ...propertyParams(25), examples: [[ZOMBIE]] },
  );
}, 120_000);

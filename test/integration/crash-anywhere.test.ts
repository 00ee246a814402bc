// Crash-anywhere durability (docs/behaviour.md §5, issue item 5): kill -9 the registry process at a random
// moment during a storm of registrations, deregistrations and job submissions over REST,
// restart it on the same database: every acknowledged write is there, no record is half
// written. CI runs 3 rounds; `node bench/crash/crash.bench.ts --rounds 100` runs more.
import { describe, expect, it } from 'vitest';
import { crashRound } from '../../bench/crash/crash-round.ts';
import { freshDatabase } from '../support/postgres.ts';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);

describe('crash anywhere (real registry process)', () => {
  it(`${ROUNDS} rounds of SIGKILL during a write storm lose no acknowledged write`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await crashRound(20261123 + round);
      console.log(`crash round ${round}: ${JSON.stringify(result)}`);
      expect(result.problems).toEqual([]);
      expect(result.acked.registrations + result.acked.jobs).toBeGreaterThan(0);
    }
  }, 120_000);

  it(`${ROUNDS} rounds on PostgreSQL (--db postgres://…) lose no acknowledged write either`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const database = await freshDatabase();
      try {
        const result = await crashRound(20261200 + round, 8, database.url);
        console.log(`crash round ${round} (PostgreSQL): ${JSON.stringify(result)}`);
        expect(result.problems).toEqual([]);
        expect(result.acked.registrations + result.acked.jobs).toBeGreaterThan(0);
      } finally {
        await database.drop();
      }
    }
  }, 120_000);
});

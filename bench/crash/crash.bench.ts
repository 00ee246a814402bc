// kill -9 the registry during a storm of writes, N rounds: `node bench/crash/crash.bench.ts
// --rounds 100 [--seed S] [--postgres URL]`. Each round prints what was acknowledged and any
// lost or half-applied write; exits 1 if any round found one. With --postgres the registry runs
// on PostgreSQL: each round on a database of its own, created on that server and dropped after.
import { benchArgs } from '../support/bench-args.ts';
import { withDatabase } from '../support/postgres-databases.ts';
import { crashRound } from './crash-round.ts';

const command = benchArgs(
  `usage: rollcall bench crash [--rounds 10] [--seed 20261123] [--postgres URL]
  kill -9 the registry during a storm of writes, each round; exits 1 if a round lost an acknowledged write
  --postgres URL  run the registry on PostgreSQL, a database of its own per round on that server`,
  { rounds: { type: 'string', default: '10' }, seed: { type: 'string', default: '20261123' }, postgres: { type: 'string' } },
);
const { values } = command;
const rounds = command.whole('rounds', values.rounds, 1, 10_000);
const seed = command.whole('seed', values.seed, 0, 2 ** 31 - 1);

/** Runs `use` with a fresh database on the --postgres server, or with '' (SQLite). */
function withRoundDatabase<T>(round: number, use: (db: string) => Promise<T>): Promise<T> {
  return values.postgres ? withDatabase(values.postgres, `rollcall_crash_${round}`, use) : use('');
}

let failed = 0;
let acknowledged = 0;
for (let round = 1; round <= rounds; round++) {
  const result = await withRoundDatabase(round, (db) => crashRound(seed + round, 8, db));
  const writes = result.acked.registrations + result.acked.deregistrations + result.acked.jobs;
  acknowledged += writes;
  console.log(`round ${round}/${rounds} (seed ${seed + round}): killed after ${result.killedAfterMs} ms; acknowledged ${result.acked.registrations} registrations, ${result.acked.deregistrations} deregistrations, ${result.acked.jobs} jobs; ${result.unacked} in flight; ${result.problems.length ? 'LOST: ' + result.problems.join('; ') : 'all present'}`);
  if (result.problems.length) failed++;
}
console.log(`${rounds} rounds, ${acknowledged} acknowledged writes checked, ${failed} round(s) with lost or half-applied writes`);
process.exitCode = failed ? 1 : 0;

// kill -9 the registry during a storm of writes, N rounds: `node bench/crash/crash.bench.ts
// --rounds 100 [--seed S]`. Each round prints what was acknowledged and any lost or half-applied
// write; exits 1 if any round found one.
import { parseArgs } from 'node:util';
import { crashRound } from './crash-round.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, seed: { type: 'string', default: '20261123' } } });
const rounds = Number(values.rounds);
const seed = Number(values.seed);
let failed = 0;
let acknowledged = 0;
for (let round = 1; round <= rounds; round++) {
  const result = await crashRound(seed + round);
  const writes = result.acked.registrations + result.acked.deregistrations + result.acked.jobs;
  acknowledged += writes;
  console.log(`round ${round}/${rounds} (seed ${seed + round}): killed after ${result.killedAfterMs} ms; acknowledged ${result.acked.registrations} registrations, ${result.acked.deregistrations} deregistrations, ${result.acked.jobs} jobs; ${result.unacked} in flight; ${result.problems.length ? 'LOST: ' + result.problems.join('; ') : 'all present'}`);
  if (result.problems.length) failed++;
}
console.log(`${rounds} rounds, ${acknowledged} acknowledged writes checked, ${failed} round(s) with lost or half-applied writes`);
process.exitCode = failed ? 1 : 0;

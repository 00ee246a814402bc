// The simulator's promise: the same seed and inputs write the same event log, byte for byte;
// another seed writes another log.
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../../runtime/sim/fault-plan.ts';
import { runSimulation, type SimOptions } from '../../../runtime/sim/simulation.ts';

const options = (seed: number): SimOptions => ({
  workers: 200,
  durationMs: 40 * 60_000,
  seed,
  faults: parseFaults('crash=5%+5m,partition=10%@10m+4m,latency=20ms±10ms,loss=1%,dup=1%,registry-crash=25m+1m'),
  jobsPerMinute: 30,
  keepLog: false,
});

describe('simulator determinism', () => {
  it('writes a byte-identical log for the same seed, and a different one for another seed', () => {
    const first = runSimulation(options(7));
    const second = runSimulation(options(7));
    const other = runSimulation(options(8));
    expect(first.log.lines).toBeGreaterThan(500);
    expect(second.logHash).toBe(first.logHash);
    expect(second.log.lines).toBe(first.log.lines);
    expect(other.logHash).not.toBe(first.logHash);
  });
});

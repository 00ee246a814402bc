// Property: whatever the workload and fault plan, every invariant of docs/behaviour.md §7 holds.
// fast-check draws cluster sizes, fault plans and seeds, runs each in the simulator, and on a
// failure shrinks to a minimal schedule and prints the command that replays it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFaultPlan, type FaultPlan } from '../../../runtime/sim/fault-plan.ts';
import { checkRun } from '../../../runtime/sim/check-run.ts';
import { simCommandLine } from '../../../runtime/sim/sim-command-line.ts';
import { runSimulation, type SimOptions } from '../../../runtime/sim/simulation.ts';
import { propertyParams } from '../../support/property.ts';

const minutes = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((m) => m * 60_000);
const percent = (hi: number) => fc.integer({ min: 0, max: hi }).map((p) => p / 100);

const faultPlan: fc.Arbitrary<FaultPlan> = fc
  .record({
    crash: fc.option(fc.record({ fraction: percent(40), downMs: fc.option(minutes(1, 12), { nil: null }) }), { nil: null }),
    partitions: fc.array(fc.record({ fraction: percent(70), atMs: minutes(2, 25), forMs: minutes(1, 10) }), { maxLength: 2 }),
    latency: fc.record({ meanMs: fc.integer({ min: 0, max: 300 }), jitterMs: fc.integer({ min: 0, max: 100 }) }),
    loss: percent(3),
    duplicate: percent(3),
    registryCrash: fc.option(fc.record({ atMs: minutes(3, 30), downMs: minutes(1, 4) }), { nil: null }),
  })
  .map((f) => ({ ...emptyFaultPlan(), ...f }));

const simulation: fc.Arbitrary<SimOptions> = fc.record({
  workers: fc.integer({ min: 3, max: 30 }),
  durationMs: minutes(15, 45),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  faults: faultPlan,
  jobsPerMinute: fc.integer({ min: 0, max: 40 }),
  capacity: fc.integer({ min: 1, max: 4 }),
});

describe('simulator invariants (property)', () => {
  it('hold for random workloads and fault schedules', () => {
    fc.assert(
      fc.property(simulation, (options) => {
        const violations = checkRun(runSimulation(options));
        if (violations.length > 0) {
          const lines = violations.map((v) => `${v.invariant}: ${v.message}`).join('\n');
          throw new Error(`${lines}\nreplay: ${simCommandLine(options)}`);
        }
      }),
      propertyParams(25),
    );
  });

  it('detects a broken run: a job left assigned to a failed member is reported as lost', () => {
    const result = runSimulation({ workers: 3, durationMs: 10 * 60_000, seed: 1, faults: emptyFaultPlan(), jobsPerMinute: 10 });
    const entries = result.log.entries;
    const assigned = entries.find((e) => e.type === 'job' && e.state === 'assigned')!;
    entries.push({ t: 10 * 60_000, type: 'member', id: String(assigned.member), from: 'unhealthy', to: 'failed', epoch: 1, reason: 'test' });
    const lastOfJob = [...entries].reverse().find((e) => e.type === 'job' && e.id === assigned.id)!;
    entries.push({ ...lastOfJob, t: 10 * 60_000, state: 'assigned', member: assigned.member ?? null });
    expect(checkRun(result).map((v) => v.invariant)).toContain('no-job-lost');
  });
});

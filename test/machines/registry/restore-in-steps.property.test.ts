// A restore built in steps (Registry.restoring, which a runtime drives with pauses between the
// steps so a lease's renewals run meanwhile, docs/scale-out.md) gives the same core as the
// one-shot restore, wherever the steps fall: members and jobs in the same order, the same
// deadlines due, the same next worker ID (docs/behaviour.md §5).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededChance } from '../../../machines/random.ts';
import { copyOf } from '../../../machines/registry/member-copy.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { Registry, type RegistrySnapshot } from '../../../machines/registry/registry.ts';
import { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import { propertyParams } from '../../support/property.ts';
import { beat, join, makeRegistry, MINUTE, ok, SECOND, snapshotOf, tickThrough } from '../../support/registry-harness.ts';

const GRACE_MS = MINUTE;
const RESTORED_AT = 10 * MINUTE;
const config = { ...defaultRegistryConfig, restartGraceMs: GRACE_MS };

/** A cluster of `members` workers (some silent since `silentFrom`, some failed) and `jobs` jobs. */
function snapshotWith(members: number, jobs: number, failed: readonly number[]): RegistrySnapshot {
  const before = makeRegistry(config);
  const sessions = Array.from({ length: members }, (_, i) => join(before, i * SECOND));
  sessions.forEach((s, i) => i % 3 === 0 && beat(before, s, 2 * MINUTE + i * SECOND));
  for (let j = 0; j < jobs; j++) ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: `job-${j + 1}` } }, 3 * MINUTE));
  const snapshot = snapshotOf(before);
  for (const i of failed) if (snapshot.members[i]) snapshot.members[i].value = 'failed';
  return snapshot;
}

function builtInSteps(snapshot: RegistrySnapshot, slice: number): { core: CoreTurn; steps: number } {
  const build = Registry.restoring(config, new SeededChance(7), RESTORED_AT, snapshot, slice);
  let steps = 1;
  for (let step = build.next(); ; step = build.next(), steps++) if (step.done) return { core: new CoreTurn(step.value), steps };
}

/** Everything the two cores answer, now and after the grace and the sweeps that follow it. */
function readings(core: CoreTurn) {
  const now = { members: [...core.members()].map(copyOf), jobs: structuredClone([...core.jobs()]), queued: core.queuedJobs, counts: { ...core.counts() }, filed: core.deadlinesFiled, grace: core.graceUntil };
  tickThrough(core, RESTORED_AT, RESTORED_AT + GRACE_MS + 2 * MINUTE);
  const swept = core.takeEffects();
  const next = join(core, RESTORED_AT + GRACE_MS + 2 * MINUTE, { address: '10.9.9.9:1' }).workerId;
  return { now, swept, next, after: [...core.members()].map(copyOf) };
}

describe('a restore built in steps', () => {
  it('gives the core the one-shot restore gives, for any slice size', () => {
    const params = propertyParams(60);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.nat(24), { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (members, jobs, failed, slice) => {
        const snapshot = snapshotWith(members, jobs, failed);
        const oneShot = new CoreTurn(new Registry(config, new SeededChance(7), RESTORED_AT, structuredClone(snapshot)));
        const { core, steps } = builtInSteps(structuredClone(snapshot), slice);
        expect(steps).toBe(Math.max(1, Math.ceil(members / slice) + Math.ceil(jobs / slice)));
        expect(readings(core)).toEqual(readings(oneShot));
      }),
      params,
    );
  });

  it('has something to judge after the grace: silent members fail in both', () => {
    const { core } = builtInSteps(snapshotWith(6, 4, []), 2);
    expect(readings(core).swept.some((e) => e.kind === 'member.transitioned')).toBe(true);
  });
});

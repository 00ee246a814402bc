// A heartbeat offers the queued jobs to its own member (docs/behaviour.md §1, §3): a member held
// out of scheduling by flap damping takes them at its first heartbeat after the hold (nothing else
// schedules onto it until some other call does), and the job it takes counts at once: a full
// member is busy, and the log says why. An offer that places nothing writes nothing.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../machines/registry/registry.types.ts';
import { beat, join, makeRegistry, member, MINUTE, ok, stateName } from '../../support/registry-harness.ts';

type Transition = Extract<Effect, { kind: 'member.transitioned' }>;
const transitions = (effects: Effect[]): Transition[] => effects.filter((e): e is Transition => e.kind === 'member.transitioned');

/** A member of one slot that recovered more than flapLimit (1) times: held for flapCooldown. */
function heldMember() {
  const r = makeRegistry({ flapLimit: 1 });
  const a = join(r, 0, { workerId: 'a', maxConcurrentJobs: 1 });
  let t = 0;
  for (let i = 0; i < 2; i++) {
    t += 2 * MINUTE;
    r.tick(t);
    ok(beat(r, a, t));
  }
  const holdUntil = member(r, 'a').ctx.holdUntil;
  expect(holdUntil).toBe(t + 5 * MINUTE);
  return { r, a, holdUntil };
}

describe('a heartbeat offers the queued jobs to its member', () => {
  it('the first heartbeat after the hold takes the queued job: the member is busy at once, with the reason logged', () => {
    const { r, a, holdUntil } = heldMember();
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, holdUntil - 1));
    expect(r.job('j')?.state).toBe('queued');
    r.takeEffects();
    ok(beat(r, a, holdUntil));
    expect(r.job('j')).toMatchObject({ state: 'assigned', memberId: 'a' });
    expect(stateName(r, 'a')).toBe('active.busy');
    expect(transitions(r.takeEffects())).toEqual([
      { kind: 'member.transitioned', memberId: 'a', from: 'active.idle', to: 'active.busy', epoch: a.epoch, reason: 'jobs changed' },
    ]);
  });

  it('a heartbeat while a job waits that the member cannot run places nothing and saves nothing', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k', requires: { gpu: 'none-has' } } }, 1));
    r.takeEffects();
    ok(beat(r, a, 2));
    expect(r.job('j')?.state).toBe('queued');
    expect(r.takeEffects()).toEqual([]);
  });
});

// Three replicas' machines in one model world (test/support/replica-world.ts), under schedules
// fast-check draws: which operation the database answers next and whether it fails, when time
// passes, NOTIFYs, refused writes, graceful stops. Whatever the schedule (docs/behaviour.md §8):
// whoever serves holds the lease row, unexpired, under its own epoch (so never two at once);
// epochs served only grow, each served once; one round at a time; and once the faults stop,
// a replica still running leads within the TTL and a few rounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RENEW_MS, ReplicaWorld, TTL_MS } from '../../support/replica-world.ts';
import { propertyParams } from '../../support/property.ts';

type Command =
  | { kind: 'finish'; who: number; fail: boolean }
  | { kind: 'sideRenew'; who: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'notify'; who: number }
  | { kind: 'refuseWrite'; who: number }
  | { kind: 'stop'; who: number };

const who = fc.integer({ min: 0, max: 2 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('finish' as const), who, fail: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sideRenew' as const), who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: TTL_MS }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('notify' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refuseWrite' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), who: fc.constant(2) }) },
);

function apply(world: ReplicaWorld, c: Command): void {
  const r = world.replicas[c.kind === 'advance' ? 0 : c.who]!;
  if (c.kind === 'finish') world.finish(r, c.fail);
  else if (c.kind === 'sideRenew') world.finishSideRenew(r);
  else if (c.kind === 'advance') world.advance(c.ms);
  else if (c.kind === 'notify') world.send(r, { type: 'lease.released' });
  else if (c.kind === 'refuseWrite') world.send(r, { type: 'write.refused', reason: 'refused by the database' });
  else world.stop(r);
}

/** No more faults: every operation answers at once, time moves on; returns when someone leads. */
function calmDown(world: ReplicaWorld): number {
  const from = world.now;
  for (let i = 0; i < 400 && !world.replicas.some((r) => r.serving !== null && !r.stopAsked); i++) {
    for (const r of world.replicas) {
      world.finish(r, false);
      world.finishSideRenew(r);
    }
    world.check();
    world.advance(25);
  }
  return world.now - from;
}

describe('replica machines in a model world, any schedule', () => {
  it('one server at a time, holding the row; epochs served only grow; a leader again once calm', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 120 }), (commands) => {
        const world = new ReplicaWorld(3);
        for (const r of world.replicas) world.start(r);
        for (const c of commands) {
          apply(world, c);
          world.check();
          expect(world.problems).toEqual([]);
        }
        const took = calmDown(world);
        expect(world.problems).toEqual([]);
        expect(world.replicas.filter((r) => r.serving !== null && !r.stopAsked)).toHaveLength(1);
        expect(took).toBeLessThanOrEqual(2 * TTL_MS + 2 * RENEW_MS);
        const epochs = world.served.map((s) => s.epoch);
        expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
        expect(new Set(epochs).size).toBe(epochs.length);
      }),
      propertyParams(300),
    );
  });
});

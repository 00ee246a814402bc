// Placement stops looking once it finds a member as unloaded as any member can be (no jobs, and
// the most room of all): it must still pick what looking at every member would, the first of
// the least loaded (docs/behaviour.md §3), also after members register again with more or less room.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSchedulable } from '../../../machines/registry/job-book.ts';
import type { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import { propertyParams } from '../../support/property.ts';
import { join, makeRegistry, ok } from '../../support/registry-harness.ts';

/** Every member looked at, in table order: the first with the lowest (jobs + 1) / (room). */
function expectedHolder(r: CoreTurn, now: number): string | undefined {
  let best: string | undefined;
  let bestLoad = Infinity;
  for (const m of r.members()) {
    if (!isSchedulable(m, now)) continue;
    const load = (m.jobIds.length + 1) / (m.ctx.maxConcurrentJobs * m.loadFactor);
    if (load < bestLoad) [best, bestLoad] = [m.id, load];
  }
  return best;
}

const room = fc.record({ maxConcurrentJobs: fc.integer({ min: 1, max: 4 }), loadFactor: fc.constantFrom(0.5, 1, 1.5, 2) });
const step = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), room }),
  fc.record({ kind: fc.constant('rejoin' as const), pick: fc.nat(), room }),
  fc.record({ kind: fc.constant('submit' as const) }),
);

describe('job placement', () => {
  it('places each job where a look at every member would', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const r = makeRegistry();
        const workers: { workerId: string; workerSecret: string; address: string }[] = [];
        steps.forEach((s, i) => {
          if (s.kind === 'join') {
            const address = `10.0.0.2:${1000 + i}`;
            const { workerId, workerSecret } = join(r, i, { address, ...s.room });
            workers.push({ workerId, workerSecret: workerSecret!, address });
          } else if (s.kind === 'rejoin' && workers.length > 0) {
            const again = workers[s.pick % workers.length]!;
            expect(join(r, i, { ...again, ...s.room }).reRegistered).toBe(true);
          } else if (s.kind === 'submit') {
            const expected = expectedHolder(r, i);
            ok(r.run({ kind: 'submitJob', spec: { jobId: `j${i}`, kind: 'k' } }, i));
            expect(r.job(`j${i}`)?.memberId ?? undefined).toBe(expected);
          }
        });
      }),
      propertyParams(200),
    );
  });
});

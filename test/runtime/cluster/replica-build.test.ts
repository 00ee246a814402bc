// A new leader building its registry core from a large cluster (1M members took 2.3 s on a
// quiet machine and 12.7–16 s on a busy one, against a 10 s lease): built in one go, no renew
// could run, so its watchdog ended the term right after the build and no replica ever led.
// Built in steps with the event loop free between them, the lease's rounds renew meanwhile and
// it leads (docs/scale-out.md). Real time, a real host and core; the lease is a fake that
// expires by the clock, scaled down with the cluster (150k members, a 400 ms lease).
import { setImmediate, setTimeout } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SeededChance } from '../../../machines/random.ts';
import { newMemberRecord } from '../../../machines/registry/member-table.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { Replica, type ReplicaPorts } from '../../../runtime/cluster/replica.ts';
import { SystemClock } from '../../../runtime/clock/clock.ts';
import type { CoreSteps } from '../../../runtime/registry/host-ports.ts';
import { RegistryHost } from '../../../runtime/registry/registry-host.ts';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import type { QueuedStore } from '../../../runtime/store/queued-store.ts';
import { ClockLease } from '../../support/clock-lease.ts';

const MEMBERS = 150_000;
const TTL_MS = 400;
const RENEW_MS = 80;
const STEPS: CoreSteps = { slice: 1_000, pause: () => setImmediate() };

/** A store holding a cluster of `MEMBERS` (built once: the test times the core, not this). */
class ClusterStore extends MemoryStore {
  readonly #members = Array.from({ length: MEMBERS }, (_, i) => newMemberRecord(`w-${i + 1}`, { name: 'w', address: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}:1`, maxConcurrentJobs: 1 }, 0));
  override load() {
    return { members: this.#members, jobs: [] };
  }
}

async function takeOver(coreSteps?: CoreSteps) {
  const clock = new SystemClock();
  const lease = new ClockLease(clock, TTL_MS);
  const events: string[] = [];
  let steppedDown = 0;
  const host = new RegistryHost(defaultRegistryConfig, {
    clock, store: new ClusterStore(), events: { write: (_t, type) => void events.push(type) },
    chance: (n) => new SeededChance(1, n), dispatch: () => {}, dial: (_m, done) => done(false),
  });
  const term = { abandon() {}, drained: () => undefined } as unknown as QueuedStore;
  const ports: ReplicaPorts = {
    clock, lease, leader: async () => undefined, openTerm: async () => term,
    resignations: () => ({ start: async () => {}, stop: async () => {} }), log: { info() {}, warn: (fields: { event?: string }) => void (fields.event === 'replica.stepped-down' && steppedDown++) }, coreSteps,
  };
  const replica = new Replica(host, ports, { id: 'r1', leaseRenewMs: RENEW_MS });
  await replica.start();
  while (!host.up && replica.leading) await setTimeout(5); // the build runs
  const built = { renewals: lease.renewals };
  await setTimeout(3 * TTL_MS); // then it leads on its rounds, or steps down (and, sole claimant, takes over again)
  const leading = replica.leading && host.up;
  await replica.stop();
  return { built, leading, steppedDown, events };
}

describe('a new leader building a core that takes longer than its lease', () => {
  it('keeps renewing while it builds in steps, and leads', async () => {
    const { built, leading, steppedDown, events } = await takeOver(STEPS);
    expect(built.renewals).toBeGreaterThan(0); // rounds ran during the build
    expect([leading, steppedDown]).toEqual([true, 0]);
    expect(events).toContain('registry.restarted');
  });

  // Whether it then steps down depends on how fast this machine builds 150k members against the
  // 400 ms lease (a quiet CI runner builds them inside it): what the steps change is the renewals.
  it('renews nothing while the same build runs in one go (what the steps prevent)', async () => {
    const { built } = await takeOver();
    expect(built.renewals).toBe(0);
  });
});

// A new leader loading a cluster that takes longer to read than its lease lasts (1M members on
// PostgreSQL take about 8 s against the 10 s default): it keeps renewing while it loads, so it
// leads. Before, it found its lease gone after the load and stood by, and so did every replica
// after it: with 1M members no replica ever led. Ports are fakes on virtual time; the lease
// expires by that clock unless renewed.
import { describe, expect, it } from 'vitest';
import { Replica, type ReplicaPorts } from '../../../runtime/cluster/replica.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import type { RegistryHost } from '../../../runtime/registry/registry-host.ts';
import type { QueuedStore } from '../../../runtime/store/queued-store.ts';
import { ClockLease } from '../../support/clock-lease.ts';

const TTL_MS = 10_000;
const RENEW_MS = 2_000;

function replicaLoadingFor(loadMs: number) {
  const clock = new VirtualClock(0);
  const lease = new ClockLease(clock, TTL_MS);
  const host = {
    up: false, downReason: '', standbyBeats: null, leadership: null as unknown,
    start() { this.up = true; }, stepDown() { this.up = false; }, stop() {},
    lead(leadership: unknown) { this.leadership = leadership; this.start(); return true as const; }, standingBy(reason: string) { this.downReason = reason; },
  };
  const term = { abandon() {}, drained: () => undefined } as unknown as QueuedStore;
  const ports: ReplicaPorts = {
    clock,
    lease,
    leader: async () => undefined,
    openTerm: () => new Promise((resolve) => clock.setTimeout(() => resolve(term), loadMs)),
    resignations: () => ({ start: async () => {}, stop: async () => {} }),
    log: { info() {}, warn() {} },
  };
  const replica = new Replica(host as unknown as RegistryHost, ports, { id: 'r1', leaseRenewMs: RENEW_MS });
  return { clock, lease, host, replica };
}

describe('a replica loading the cluster', () => {
  it.each([1_000, 3 * TTL_MS])('keeps its lease through a %i ms load, and leads', async (loadMs) => {
    const { clock, lease, host, replica } = replicaLoadingFor(loadMs);
    const started = replica.start();
    await clock.runUntilSettled(loadMs + 1);
    await started;
    expect(replica.leading).toBe(true);
    expect(host.up).toBe(true);
    expect(lease.renewals).toBe(Math.ceil(loadMs / RENEW_MS) - 1); // every round that fell within the load
    await clock.runUntilSettled(loadMs + 3 * TTL_MS); // leading, it renews on its rounds
    expect(replica.leading).toBe(true);
    await replica.stop();
  });
});

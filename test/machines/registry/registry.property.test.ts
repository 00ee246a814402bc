// Property test: random sequences of registry operations at increasing virtual time, with the
// registry's invariants checked after every step. Fixed seed, printed in the test name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeState, stateOf, type MemberReadout } from '../../../machines/registry/member-table.ts';
import type { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import type { Effect } from '../../../machines/registry/registry.types.ts';
import { makeRegistry, SECOND, snapshotOf } from '../../support/registry-harness.ts';

const SEED = 20261123;
const SLOTS = 6;

type Op =
  | { op: 'register'; slot: number; byId: boolean; secret: boolean; capacity: number; gpu: boolean }
  | { op: 'preRegister'; slot: number }
  | { op: 'heartbeat'; slot: number; reportJobs: boolean; draining: boolean }
  | { op: 'beatAll'; reportJobs: boolean }
  | { op: 'deregister'; slot: number; force: boolean }
  | { op: 'unregister'; slot: number }
  | { op: 'drain'; slot: number }
  | { op: 'submit'; jobId: number | null; gpu: boolean }
  | { op: 'report'; slot: number; pick: number; ok: boolean; stale: boolean }
  | { op: 'tick' | 'healthCheck' | 'cleanup' | 'dial' | 'restart' };

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('register' as const), slot, byId: fc.boolean(), secret: fc.boolean(), capacity: fc.integer({ min: 1, max: 3 }), gpu: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('preRegister' as const), slot }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('heartbeat' as const), slot, reportJobs: fc.boolean(), draining: fc.integer({ min: 0, max: 5 }).map((n) => n === 0) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('beatAll' as const), reportJobs: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deregister' as const), slot, force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unregister' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drain' as const), slot }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('submit' as const), jobId: fc.option(fc.integer({ min: 0, max: 8 })), gpu: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('report' as const), slot, pick: fc.nat(), ok: fc.boolean(), stale: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('tick' as const, 'healthCheck' as const, 'cleanup' as const, 'dial' as const, 'restart' as const) }) },
);
const dtArb = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 10 * SECOND }) }, fc.integer({ min: 0, max: 200 * SECOND }));
const stepArb = fc.record({ dtMs: dtArb, action: opArb });

interface WorkerSlot {
  workerId?: string;
  secret?: string;
  epoch: number;
  token: string;
}

const config = { massFailureMinMembers: 4, flapLimit: 1 };

/** Plays one operation against the registry the way a worker, an operator or the runtime would. */
function play(r: CoreTurn, workers: WorkerSlot[], a: Op, now: number): CoreTurn {
  if (a.op === 'restart') {
    return makeRegistry(config, now, snapshotOf(r));
  }
  act(r, workers, a, now);
  return r;
}

function act(r: CoreTurn, workers: WorkerSlot[], a: Op, now: number): void {
  const w = 'slot' in a ? workers[a.slot]! : undefined;
  const session = () => ({ workerId: w?.workerId ?? 'none', epoch: w?.epoch ?? 0, sessionToken: w?.token ?? '' });
  switch (a.op) {
    case 'register': {
      const reply = r.run({ kind: 'register', request: {
        name: `slot-${a.slot}`, address: `h:${a.slot}`, maxConcurrentJobs: a.capacity, capabilities: a.gpu ? { gpu: 'yes' } : {},
        ...(a.byId && w!.workerId ? { workerId: w!.workerId } : {}), ...(a.secret && w!.secret ? { workerSecret: w!.secret } : {}),
      } }, now);
      if (reply.ok) Object.assign(w!, { workerId: reply.workerId, secret: reply.workerSecret ?? w!.secret, epoch: reply.epoch, token: reply.sessionToken });
      return;
    }
    case 'preRegister': return void r.run({ kind: 'preRegister', request: { name: 'pre', address: `h:${a.slot}` } }, now);
    case 'heartbeat': return beat(r, w!, a.reportJobs, a.draining, now);
    case 'beatAll': for (const each of workers) beat(r, each, a.reportJobs, false, now);
      return;
    case 'deregister': return void r.run({ kind: 'deregister', request: { ...session(), force: a.force } }, now);
    case 'unregister': return void r.run({ kind: 'unregister', workerId: w!.workerId ?? 'none' }, now);
    case 'drain': return void r.run({ kind: 'drain', workerId: w!.workerId ?? 'none' }, now);
    case 'submit': return void r.run({ kind: 'submitJob', spec: { kind: 'k', ...(a.jobId === null ? {} : { jobId: `fixed-${a.jobId}` }), ...(a.gpu ? { requires: { gpu: 'yes' } } : {}) } }, now);
    case 'report': {
      const ids = [...r.jobs()].map((job) => job.id);
      const jobId = ids.length === 0 ? 'none' : ids[a.pick % ids.length]!;
      const job = r.job(jobId);
      r.run({ kind: 'reportTask', report: { ...session(), jobId, attempt: (job?.attempt ?? 0) - (a.stale ? 1 : 0), ok: a.ok } }, now);
      return;
    }
    case 'tick': return r.tick(now);
    case 'healthCheck': return void r.run({ kind: 'checkHealth' }, now);
    case 'cleanup': return void r.run({ kind: 'cleanup' }, now);
    case 'dial': for (const m of r.dialTargets(now)) r.run({ kind: 'dialed', memberId: m.id, ok: m.id.length % 2 === 0 }, now);
  }
}

function beat(r: CoreTurn, w: WorkerSlot, reportJobs: boolean, draining: boolean, now: number): void {
  const m = w.workerId ? r.member(w.workerId) : undefined;
  const running = reportJobs ? (m?.jobIds ?? []).filter((_, i) => i % 2 === 0) : undefined;
  r.run({ kind: 'heartbeat', request: {
    workerId: w.workerId ?? 'none', epoch: w.epoch, sessionToken: w.token, currentJobs: m?.jobIds.length ?? 0, draining,
    ...(running ? { activeJobIds: running } : {}),
  } }, now);
}

/** Per member, the state its last transition effect says it is in (tracks chains of from → to). */
function followEffects(r: CoreTurn, effects: Effect[], seen: Map<string, string>): void {
  for (const e of effects) {
    if (e.kind === 'task.dispatched') {
      const m = r.member(e.memberId);
      expect(m && describeState(m), `${e.task.jobId} dispatched to a member that ends the step draining`).not.toBe('active.draining');
    }
    if (e.kind === 'member.removed') seen.delete(e.memberId);
    if (e.kind !== 'member.transitioned') continue;
    // A member's first transition starts from `registered` (created by registering) or, for an
    // operator's pre-registration, from `none` into `registered`.
    const first = e.from === 'none' && e.to === 'registered' ? 'none' : 'registered';
    expect(e.from, `transition of ${e.memberId} starts where the last ended`).toBe(seen.get(e.memberId) ?? first);
    seen.set(e.memberId, e.to);
  }
}

function checkInvariants(r: CoreTurn, seen: Map<string, string>): void {
  const counts: Record<string, number> = { registered: 0, active: 0, unhealthy: 0, failed: 0, inactive: 0 };
  for (const m of r.members()) counts[stateOf(m)]!++;
  expect(r.counts(), 'state counts kept in step with the members').toEqual(counts);
  const holders = new Map<string, string[]>();
  const addresses = new Set<string>();
  for (const m of r.members()) {
    expect(m.jobIds.length, `${m.id} over capacity`).toBeLessThanOrEqual(m.ctx.maxConcurrentJobs);
    if (m.address) {
      expect(addresses.has(m.address), `address ${m.address} shared`).toBe(false);
      addresses.add(m.address);
      expect(r.memberAt(m.address)).toBe(m);
    }
    for (const id of m.jobIds) holders.set(id, [...(holders.get(id) ?? []), m.id]);
    expect(describeState(m), `effects agree on ${m.id}`).toBe(seen.get(m.id) ?? 'registered');
    checkMember(m);
  }
  let queued = 0;
  for (const job of r.jobs()) {
    expect(['queued', 'assigned', 'succeeded', 'failed']).toContain(job.state);
    if (job.state === 'queued') queued++;
    if (job.state !== 'assigned') {
      // A finished job names the member that ran it; a queued one names none.
      if (job.state === 'queued') expect(job.memberId).toBeNull();
      else expect(job.memberId, `${job.id} finished by nobody`).toEqual(expect.any(String));
      expect(holders.get(job.id), `${job.id} is ${job.state} but held`).toBeUndefined();
      continue;
    }
    const m = r.member(job.memberId ?? '');
    expect(m, `${job.id} assigned to a missing member`).toBeDefined();
    expect(holders.get(job.id)).toEqual([m!.id]);
    expect(job.epoch, `${job.id} epoch`).toBe(m!.ctx.epoch);
    expect(['active', 'unhealthy']).toContain(stateOf(m!));
  }
  expect(r.queuedJobs).toBe(queued);
  for (const id of holders.keys()) expect(r.job(id)?.state).toBe('assigned');
}

function checkMember(m: MemberReadout): void {
  const state = stateOf(m);
  if (state === 'failed' || state === 'inactive' || state === 'registered') {
    expect(m.jobIds, `${m.id} is ${state} but holds jobs`).toEqual([]);
    if (state !== 'registered') expect(m.sessionToken).toBe('');
  }
  if (state === 'active') {
    expect(m.ctx.currentJobs, `${m.id} job count`).toBe(m.jobIds.length);
    const sub = describeState(m);
    if (sub !== 'active.draining') expect(sub).toBe(m.jobIds.length >= m.ctx.maxConcurrentJobs ? 'active.busy' : 'active.idle');
  }
}

describe('registry: properties', () => {
  it(`invariants hold after every step of random operation sequences (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 80 }), (steps) => {
        let r = makeRegistry(config);
        const workers: WorkerSlot[] = Array.from({ length: SLOTS }, () => ({ epoch: 0, token: '' }));
        const seen = new Map<string, string>();
        let now = 0;
        for (const { dtMs, action } of steps) {
          now += dtMs;
          r = play(r, workers, action, now);
          followEffects(r, r.takeEffects(), seen);
          checkInvariants(r, seen);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

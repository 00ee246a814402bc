// The replica machine (docs/behaviour.md §8) on every path: from each state it can reach, every
// event it can be sent — in any order, also orders the adapter never sends — and the rules its
// effects must keep whatever came before. Then the lease races already met, each as the path
// that once went wrong, in the model world (test/support/replica-world.ts).
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { REPLICA_EFFECTS, replicaMachine, type ReplicaEvent } from '../../../machines/replica/replica.machine.ts';
import { MARGIN_MS, RENEW_MS, ReplicaWorld, TTL_MS, type ModelReplica } from '../../support/replica-world.ts';

type Snapshot = SnapshotFrom<typeof replicaMachine>;

const EVENTS: ReplicaEvent[] = [
  { type: 'start', at: 0 },
  { type: 'tick', at: 0 },
  { type: 'listening', at: 0 },
  { type: 'lease.acquired', at: 0, epoch: 1 },
  { type: 'lease.refused', at: 0 },
  { type: 'lease.renewed', at: 0 },
  { type: 'lease.released', at: 0 },
  { type: 'load.renewDue', at: 0 },
  { type: 'load.renewed', at: 0, load: 1 },
  { type: 'load.renewed', at: 0, load: 2 },
  { type: 'round.done', at: 0 },
  { type: 'write.refused', at: 0, reason: 'fenced out' },
  { type: 'stop', at: 0 },
  { type: 'stop.drained', at: 0 },
  { type: 'writes.settled', at: 0 },
  ...[true, false].flatMap((held) => [
    { type: 'lease.notRenewed' as const, at: 0, held },
    { type: 'lease.lapsed' as const, at: 0, held },
    { type: 'load.done' as const, at: 0, held },
    { type: 'standby.quit' as const, at: 0, held },
    { type: 'round.failed' as const, at: 0, reason: 'database unreachable', held },
  ]),
];

/** What a path has done so far that the rules depend on. */
interface Seen {
  /** The adapter joins the election once: `start` is sent at most once. */
  started: boolean;
  stopped: boolean;
  tickPending: boolean;
}

/** A state with its history; loads past the two the events name all answer alike, so they count as one. */
const keyOf = (s: Snapshot, seen: Seen) => JSON.stringify([s.value, s.status, { ...s.context, since: 0, loads: Math.min(s.context.loads, 3) }, seen]);

/** Checks one step; returns what the path has seen after it. */
function step(before: Snapshot, event: ReplicaEvent, seen: Seen): { after: Snapshot; seen: Seen } {
  const [after, actions] = transition(replicaMachine, before, event);
  const effects: string[] = actions.map((a) => a.type);
  const where = `${JSON.stringify(before.value)} --${event.type}${'held' in event ? `(${event.held})` : ''}--> ${JSON.stringify(after.value)} [${effects}]`;
  const has = (name: string) => effects.includes(name);
  // Every effect is one the adapter provides (the rest of the actions are the machine's own bookkeeping).
  for (const name of effects) expect(REPLICA_EFFECTS as readonly string[], where).toContain(name);
  // Leaving `leading` for anything but handing over fences, then stops serving: never one without the other.
  if (before.matches('leading') && after.matches('standby')) expect(effects.slice(0, 2), where).toEqual(['fence', 'stopServing']);
  if (has('stopServing')) expect(effects.indexOf('fence'), where).toBeGreaterThanOrEqual(0);
  if (has('fence')) expect(effects.indexOf('fence'), where).toBeLessThan(Math.max(effects.indexOf('stopServing'), 0) || Infinity);
  // Serving starts only from a finished load and hand-over that still held the lease.
  if (has('startServing')) expect(before.matches({ loading: 'handingOver' }) && event.type === 'standby.quit' && event.held, where).toBe(true);
  if (after.matches('leading') && !before.matches('leading')) expect(has('startServing'), where).toBe(true);
  if (before.matches('leading') && after.matches('steppingDown')) expect(has('handOver'), where).toBe(true);
  if (after.matches('stopped') && before.matches('steppingDown')) expect(has('resignLease'), where).toBe(true);
  if (has('standBy')) expect(after.matches('leading') || after.matches('steppingDown') || after.context.stopping, where).toBe(false);
  // After stop: no new round, no standby heartbeats, nothing scheduled. (A load already under
  // way may still end in leading: the replica then hands over at once and resigns the lease.)
  if (seen.stopped) for (const name of ['scheduleTick', 'acquireLease', 'renewLease', 'standBy']) expect(has(name), where).toBe(false);
  // One round timer at a time: a new one only once the last fired or was cancelled.
  let tickPending = seen.tickPending && event.type !== 'tick';
  for (const name of effects) {
    if (name === 'cancelTick') tickPending = false;
    if (name === 'scheduleTick') {
      expect(tickPending, `${where}: a second round timer`).toBe(false);
      tickPending = true;
    }
  }
  return { after, seen: { started: seen.started || event.type === 'start', stopped: seen.stopped || event.type === 'stop', tickPending } };
}

describe('replica machine, every event from every reachable state', () => {
  it('keeps its rules on every transition, and reaches every state', () => {
    const [initial] = initialTransition(replicaMachine, { leaseRenewMs: RENEW_MS, at: 0 });
    const start: Seen = { started: false, stopped: false, tickPending: false };
    const queue: [Snapshot, Seen][] = [[initial, start]];
    const known = new Set([keyOf(initial, start)]);
    const states = new Set<string>();
    let transitions = 0;
    while (queue.length > 0) {
      const [snapshot, seen] = queue.shift()!;
      states.add(JSON.stringify(snapshot.value));
      for (const event of EVENTS) {
        if (event.type === 'start' && seen.started) continue;
        const next = step(snapshot, event, seen);
        transitions++;
        const key = keyOf(next.after, next.seen);
        if (!known.has(key)) {
          known.add(key);
          queue.push([next.after, next.seen]);
        }
      }
    }
    console.log(`replica machine: ${known.size} distinct states with their history, ${transitions} transitions checked`);
    expect([...states].sort()).toEqual(['"candidate"', '"leading"', '"standby"', '"steppingDown"', '"stopped"', '{"loading":"handingOver"}', '{"loading":"reading"}']);
  });
});

/** Runs the world: every operation answered at once, time moving in `stepMs` steps, for `ms`. */
function runSmoothly(world: ReplicaWorld, ms: number, stepMs = 50): void {
  for (const end = world.now + ms; world.now < end; ) {
    for (const r of world.replicas) {
      world.finish(r, false);
      world.finishSideRenew(r);
    }
    world.advance(stepMs);
    world.check();
  }
}

const leaderOf = (world: ReplicaWorld) => world.replicas.find((r) => r.serving !== null);

function leading(world: ReplicaWorld, r: ModelReplica): void {
  world.start(r);
  world.finish(r, false); // acquire
  world.finish(r, false); // load
  world.finish(r, false); // hand-over
  expect(r.serving).toBe(1);
}

describe('the lease races already met, as paths of the machine', () => {
  it('a load longer than the lease keeps it, renewing meanwhile, and leads (fd04a46)', () => {
    const world = new ReplicaWorld(2);
    const [r1] = world.replicas as [ModelReplica];
    world.start(r1);
    world.finish(r1, false); // acquired; the load is in flight
    for (let t = 0; t < 3 * TTL_MS; t += 50) {
      world.finishSideRenew(r1);
      world.advance(50);
    }
    world.finish(r1, false); // load done
    world.finish(r1, false); // standby heartbeats handed over
    expect(r1.serving).toBe(1);
    expect(world.problems).toEqual([]);
  });

  it('a load that outlasts the lease unrenewed stays a standby (it never serves without the lease)', () => {
    const world = new ReplicaWorld(1);
    const [r1] = world.replicas as [ModelReplica];
    world.start(r1);
    world.finish(r1, false);
    world.advanceBy(TTL_MS); // renewals due, never answered
    world.finish(r1, false); // load done, lease lapsed here
    expect(r1.snapshot.value).toBe('standby');
    expect(r1.serving).toBeNull();
    expect(r1.effects).toContain('cancelLoadRenew');
  });

  it('a renew in flight when the leader steps down cannot take the claim back: the next term is a new epoch (613f2a7)', () => {
    const world = new ReplicaWorld(1);
    const [r1] = world.replicas as [ModelReplica];
    leading(world, r1);
    world.advance(RENEW_MS); // the renew round begins
    expect(r1.chain?.kind).toBe('renew');
    world.send(r1, { type: 'write.refused', reason: 'fenced out' });
    world.finish(r1, false); // the database renews the row; the claim stays given up
    expect(r1.claim).toBeNull();
    runSmoothly(world, 3 * TTL_MS);
    expect(world.served.map((s) => s.epoch)).toEqual([1, 2]);
    expect(world.problems).toEqual([]);
  });

  it('a leader whose renew hangs stops serving when its claim lapses, before the row can expire (f41988e)', () => {
    const world = new ReplicaWorld(2);
    const [r1, r2] = world.replicas as [ModelReplica, ModelReplica];
    leading(world, r1);
    world.start(r2);
    world.finish(r2, false); // refused
    world.finish(r2, false); // noted the leader
    let steppedDownAt = -1;
    for (let i = 0; i < (2 * TTL_MS) / 10; i++) {
      world.advance(10); // r1's renew never answers
      world.check(); // whoever serves holds the row, unexpired
      if (r1.serving === null && steppedDownAt < 0) steppedDownAt = world.now;
      if (r2.chain) world.finish(r2, false);
    }
    expect(r1.effects).toContain('fence');
    expect(steppedDownAt).toBeLessThanOrEqual(RENEW_MS + TTL_MS - MARGIN_MS + 10); // its claim, from the renew before the hung one
    expect(world.served).toEqual([{ name: 'r1', epoch: 1 }, { name: 'r2', epoch: 2 }]);
    expect(world.problems).toEqual([]);
  });

  it('a NOTIFY during a round is kept: the next round starts at once (84bc72c)', () => {
    const world = new ReplicaWorld(1);
    const [r1] = world.replicas as [ModelReplica];
    world.row = { holder: 'r9', epoch: 4, expiresAt: 10 * TTL_MS };
    world.start(r1);
    world.send(r1, { type: 'lease.released' }); // the take is in flight
    world.finish(r1, false); // refused
    world.finish(r1, false); // noted the leader: the round ends
    expect(r1.timers.get('tick')).toBe(world.now);
  });

  it('a lease lost while the standby heartbeats hand over leaves a standby, answering heartbeats again', () => {
    const world = new ReplicaWorld(1);
    const [r1] = world.replicas as [ModelReplica];
    world.start(r1);
    world.finish(r1, false); // acquired
    world.finish(r1, false); // loaded
    world.advanceBy(TTL_MS); // the hand-over outlasts the claim
    world.finish(r1, false);
    expect(r1.snapshot.value).toBe('standby');
    expect(r1.serving).toBeNull();
    expect(r1.effects.lastIndexOf('standBy')).toBeGreaterThan(r1.effects.lastIndexOf('quitStandby'));
  });

  it('a leader that stops writes what it holds, then hands the lease back; the next takes it at once', () => {
    const world = new ReplicaWorld(2);
    const [r1, r2] = world.replicas as [ModelReplica, ModelReplica];
    leading(world, r1);
    world.stop(r1);
    expect(r1.snapshot.value).toBe('steppingDown');
    world.finish(r1, false); // writes settled
    expect(r1.snapshot.value).toBe('stopped');
    expect(world.row!.expiresAt).toBe(world.now);
    world.start(r2);
    runSmoothly(world, RENEW_MS);
    expect(leaderOf(world)?.name).toBe('r2');
    expect(r1.timers.size).toBe(0);
    expect(world.problems).toEqual([]);
  });
});

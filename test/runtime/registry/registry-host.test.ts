// The registry process on a virtual clock: durable writes before replies, heartbeat times
// written behind in coalesced batches, and a restart that reloads what was written.
import { describe, expect, it } from 'vitest';
import { SeededChance } from '../../../machines/random.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import { RegistryHost } from '../../../runtime/registry/registry-host.ts';
import { MemoryStore } from '../../../runtime/store/memory-store.ts';
import type { HeartbeatTime, StoreWrite } from '../../../runtime/store/store.ts';

class CountingStore extends MemoryStore {
  batches: StoreWrite[][] = [];
  beats: HeartbeatTime[][] = [];
  override write(batch: readonly StoreWrite[]): void {
    this.batches.push([...batch]);
    super.write(batch);
  }
  override writeHeartbeats(beats: readonly HeartbeatTime[]): void {
    this.beats.push([...beats]);
    super.writeHeartbeats(beats);
  }
}

function host() {
  const clock = new VirtualClock();
  const store = new CountingStore();
  const events: { t: number; type: string }[] = [];
  const registry = new RegistryHost(defaultRegistryConfig, {
    clock,
    store,
    events: { write: (t, type) => events.push({ t, type }) },
    chance: (n) => new SeededChance(1, n),
    dispatch: () => {},
    dial: (_m, done) => done(false),
  });
  registry.start();
  return { clock, store, events, registry };
}

describe('RegistryHost', () => {
  it('makes a registration durable before it replies', () => {
    const { store, registry } = host();
    let storedAtReply = 0;
    registry.serve(
      (core, now) => core.run({ kind: 'register', request: { workerId: 'a', name: 'a', maxConcurrentJobs: 1, workerSecret: 's' } }, now),
      () => (storedAtReply = store.load().members.length),
    );
    expect(storedAtReply).toBe(1);
  });

  it('writes heartbeat times behind: none per beat, one coalesced batch per flush interval', () => {
    const { clock, store, registry } = host();
    const reply = registry.call((core, now) => core.run({ kind: 'register', request: { workerId: 'a', name: 'a', maxConcurrentJobs: 1, workerSecret: 's' } }, now));
    if (!reply.ok) throw new Error(reply.message);
    const writesAfterRegistration = store.batches.length;
    for (const t of [100, 200, 300]) {
      clock.runUntil(t);
      registry.call((core, now) => core.run({ kind: 'heartbeat', request: { workerId: 'a', epoch: reply.epoch, sessionToken: reply.sessionToken, currentJobs: 0 } }, now));
    }
    expect(store.batches.length).toBe(writesAfterRegistration);
    clock.runUntil(defaultRegistryConfig.heartbeatFlushIntervalMs);
    expect(store.beats).toEqual([[{ memberId: 'a', lastHeartbeatAt: 300 }]]);
    clock.runUntil(5 * defaultRegistryConfig.heartbeatFlushIntervalMs);
    expect(store.beats).toHaveLength(1);
    expect(store.load().members[0]!.lastHeartbeatAt).toBe(300);
  });

  it('restarts from its store with every member, and says it restarted', () => {
    const { clock, events, registry } = host();
    registry.call((core, now) => core.run({ kind: 'register', request: { workerId: 'a', name: 'a', maxConcurrentJobs: 1, workerSecret: 's' } }, now));
    registry.crash();
    expect(registry.up).toBe(false);
    clock.runUntil(60_000);
    registry.start();
    expect(registry.core.member('a')?.ctx.epoch).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['registry.started', 'member', 'registry.crashed', 'registry.restarted']);
  });

  it('drops requests while down, and those queued behind the service time when it crashes', () => {
    const { clock, registry } = host();
    registry.serviceTimeMs = 10;
    const outcomes: string[] = [];
    const ask = () => registry.serve((core) => core.memberCount, () => outcomes.push('answered'), () => outcomes.push('dropped'));
    ask();
    ask();
    clock.runUntil(10);
    registry.crash();
    clock.runUntil(100);
    ask();
    expect(outcomes).toEqual(['answered', 'dropped', 'dropped']);
  });
});

describe('RegistryHost dial-ins in flight', () => {
  /** A host whose dials never answer by themselves: each stays in flight until its signal aborts. */
  function dialling() {
    const clock = new VirtualClock();
    const signals: { id: string; signal: AbortSignal }[] = [];
    const registry = new RegistryHost(defaultRegistryConfig, {
      clock,
      store: new MemoryStore(),
      events: { write: () => {} },
      chance: (n) => new SeededChance(1, n),
      dispatch: () => {},
      dial: (member, _done, signal) => signals.push({ id: member.id, signal }),
    });
    registry.start();
    for (const id of ['a', 'b']) registry.call((core, now) => core.run({ kind: 'preRegister', request: { workerId: id, name: id, address: `${id}:7000` } }, now));
    return { registry, signals };
  }

  it('ends the dials to a member the operator removes, and only those', () => {
    const { registry, signals } = dialling();
    expect(registry.reconnectNow()).toBe(2);
    expect(registry.dials.count()).toBe(2);
    registry.call((core, now) => core.run({ kind: 'unregister', workerId: 'a' }, now));
    expect(signals.map((s) => [s.id, s.signal.aborted, s.signal.reason])).toEqual([
      ['a', true, 'the member was removed'],
      ['b', false, undefined],
    ]);
    expect(registry.dials.count('a')).toBe(0);
    expect(registry.dials.count('b')).toBe(1);
  });

  it('ends every dial when it stops or crashes', () => {
    const { registry, signals } = dialling();
    registry.reconnectNow();
    registry.crash();
    expect(signals.map((s) => s.signal.reason)).toEqual(['the registry stopped', 'the registry stopped']);
    expect(registry.dials.count()).toBe(0);
  });
});

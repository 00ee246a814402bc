// QueuedStore: writes leave in order, settled() is when they are durable, a lost connection is
// waited out (against a real PostgreSQL that is stopped and started again), anything else stops
// the queue for good.
import { afterAll, describe, expect, it } from 'vitest';
import type { RegistrySnapshot } from '../../../machines/registry/registry.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../../../runtime/store/postgres/private-postgres.ts';
import { QueuedStore } from '../../../runtime/store/queued-store.ts';
import type { AsyncStore, HeartbeatTime, StoreWrite } from '../../../runtime/store/store.ts';
import { memberRecord } from '../../support/store-records.ts';

/** An AsyncStore that records what reached it and fails as told. */
class ScriptedStore implements AsyncStore {
  readonly applied: string[] = [];
  failures: unknown[] = [];
  async load(): Promise<RegistrySnapshot> {
    return { members: [memberRecord('w-0')], jobs: [] };
  }
  /** Each write call, as the IDs it carried: one call per committed group. */
  readonly calls: string[][] = [];
  /** When set, a write waits for it (a commit in flight). */
  gate: Promise<void> | null = null;
  async write(batch: readonly StoreWrite[]): Promise<void> {
    await this.gate;
    await this.#maybeFail();
    this.calls.push(batch.map((w) => (w.kind === 'member' ? w.member.id : w.kind)));
    for (const w of batch) this.applied.push(w.kind === 'member' ? w.member.id : w.kind);
  }
  /** When set, a heartbeat write waits for it (a slow flush). */
  beatsGate: Promise<void> | null = null;
  async writeHeartbeats(beats: readonly HeartbeatTime[]): Promise<void> {
    await this.beatsGate;
    await this.#maybeFail();
    this.applied.push(`beats:${beats.length}`);
  }
  async getMeta(key: string): Promise<string | undefined> {
    return key === 'joinToken' ? 'kept' : undefined;
  }
  async setMeta(key: string): Promise<void> {
    this.applied.push(`meta:${key}`);
  }
  async close(): Promise<void> {}
  async #maybeFail(): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

const member = (id: string): StoreWrite => ({ kind: 'member', member: memberRecord(id) });

describe('QueuedStore', () => {
  it('answers load and getMeta from what it read when it opened', async () => {
    const store = await QueuedStore.open(new ScriptedStore(), ['joinToken', 'adminToken']);
    expect(store.getMeta('joinToken')).toBe('kept');
    expect(store.getMeta('adminToken')).toBeUndefined();
    expect(() => store.getMeta('other')).toThrow(/other was not read when the store opened/);
    expect(store.load().members.map((m) => m.id)).toEqual(['w-0']);
    expect(() => store.load()).toThrow(/already taken/);
  });

  it('commits what was handed over together as one group; settled() is undefined when idle and resolves when all are applied', async () => {
    const inner = new ScriptedStore();
    const store = await QueuedStore.open(inner, []);
    expect(store.settled()).toBeUndefined();
    store.write([member('w-1')]);
    store.writeHeartbeats([{ memberId: 'w-1', lastHeartbeatAt: 5 }]);
    store.setMeta('joinToken', 'x');
    store.write([member('w-2'), member('w-3')]);
    const durable = store.settled();
    expect(durable).toBeInstanceOf(Promise);
    expect(inner.applied).toEqual([]);
    await durable;
    // Heartbeat times first (the member rows after them carry times at least as new), then the
    // members in the order handed over, in one write, then meta.
    expect(inner.applied).toEqual(['beats:1', 'w-1', 'w-2', 'w-3', 'meta:joinToken']);
    expect(inner.calls).toEqual([['w-1', 'w-2', 'w-3']]);
    expect(store.settled()).toBeUndefined();
  });

  it('while a commit is in flight, everything handed over waits as one group: a slow database never builds a backlog', async () => {
    const inner = new ScriptedStore();
    let open!: () => void;
    inner.gate = new Promise<void>((resolve) => (open = resolve));
    const store = await QueuedStore.open(inner, []);
    store.write([member('w-1')]);
    await new Promise((resolve) => setImmediate(resolve)); // the first group begins, and hangs
    for (let i = 2; i <= 50; i++) store.write([member(`w-${i}`)]);
    open();
    await store.settled();
    expect(inner.calls.map((c) => c.length)).toEqual([1, 49]);
    expect(inner.applied).toEqual(Array.from({ length: 50 }, (_, i) => `w-${i + 1}`));
  });

  it('holds no reply back for heartbeat times, which are written behind: settled() waits only for members, jobs and meta', async () => {
    const inner = new ScriptedStore();
    let flushed!: () => void;
    inner.beatsGate = new Promise<void>((resolve) => (flushed = resolve));
    const store = await QueuedStore.open(inner, []);
    store.writeHeartbeats([{ memberId: 'w-1', lastHeartbeatAt: 5 }]);
    expect(store.settled()).toBeUndefined(); // a heartbeat's ack does not wait for the flush
    const drained = store.drained();
    expect(drained).toBeInstanceOf(Promise);
    await new Promise((resolve) => setImmediate(resolve)); // the flush begins, and hangs
    store.write([member('w-2')]); // a transition while the flush is in flight
    const durable = store.settled();
    expect(durable).toBeInstanceOf(Promise);
    let done = false;
    void durable!.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false); // the member row is committed after the flush in flight
    flushed();
    await durable;
    expect(inner.applied).toEqual(['beats:1', 'w-2']);
    store.writeHeartbeats([{ memberId: 'w-2', lastHeartbeatAt: 9 }]);
    expect(store.settled()).toBeUndefined();
    await store.drained();
    expect(inner.applied).toEqual(['beats:1', 'w-2', 'beats:1']);
    expect(store.drained()).toBeUndefined();
  });

  it('retries a lost connection, in order, telling onRetry', async () => {
    const inner = new ScriptedStore();
    inner.failures = [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), new Error('Connection terminated unexpectedly')];
    const retries: string[] = [];
    const store = await QueuedStore.open(inner, [], { retryDelayMs: 1, onRetry: (reason) => retries.push(reason) });
    store.write([member('w-1')]);
    store.write([member('w-2')]);
    await store.settled();
    expect(inner.applied).toEqual(['w-1', 'w-2']);
    expect(retries).toEqual(['connection refused (is PostgreSQL running there?)', 'Connection terminated unexpectedly']);
  });

  it('stops for good on any other error: onFatal once, settled() rejects, later writes never applied', async () => {
    const inner = new ScriptedStore();
    inner.failures = [Object.assign(new Error('value too long for type character varying(8)'), { code: '22001' })];
    const fatal: string[] = [];
    const store = await QueuedStore.open(inner, [], { onFatal: (reason) => fatal.push(reason) });
    store.write([member('w-1')]);
    await expect(store.settled()).rejects.toThrow('store write failed: value too long for type character varying(8)');
    store.write([member('w-2')]);
    await expect(store.settled()).rejects.toThrow(/store write failed/);
    expect(inner.applied).toEqual([]);
    expect(fatal).toEqual(['value too long for type character varying(8)']);
  });
});

describe('QueuedStore on a PostgreSQL server that goes away and comes back', () => {
  let server: PrivatePostgres | undefined;
  afterAll(() => server?.destroy());

  it('holds the writes while the server is down and applies them all, in order, once it is back', async () => {
    server = await startPrivatePostgres();
    let retries = 0;
    const store = await QueuedStore.open(await PostgresStore.open(server.url), [], {
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
      onRetry: () => retries++,
    });
    store.write([member('w-1')]);
    await store.settled();
    server.stop();
    store.write([member('w-2')]);
    store.write([member('w-3')]);
    let done = false;
    const durable = store.settled()!.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    expect(retries).toBeGreaterThan(0);
    server.restart();
    await durable;
    const check = await PostgresStore.open(server.url);
    expect((await check.load()).members.map((m) => m.id)).toEqual(['w-1', 'w-2', 'w-3']);
    await Promise.all([check.close(), store.close()]);
  });
});

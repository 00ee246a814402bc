// An AsyncStore (PostgreSQL) behind the synchronous Store port the registry host uses. Writes
// are handed over at once and applied in order by one chain; `settled()` is when the members,
// jobs and meta handed over so far are durable, and the APIs wait on it before they answer, so
// an answer still means "durable" (docs/behaviour.md §5). Heartbeat times are written behind
// and nothing waits for them: a group that only carries them holds no reply back, or a slow
// database would delay every heartbeat's ack by a flush (`drained()` waits for them too). Writes handed over while a commit is in flight wait as one
// group and are committed together next (group commit): however slow the database, at most
// one group waits, and a reply waits for at most the commit in flight and its own. A lost connection is retried with backoff until it comes
// back — the replies wait, nothing is dropped or reordered. Any other error is a bug or a
// broken database: the chain stops, every waiting reply fails, and `onFatal` is told so the
// process can exit and restart from what is durable.
import type { RegistrySnapshot } from '../../machines/registry/registry.ts';
import { describePgError, isTransientPgError } from './postgres/pg-errors.ts';
import type { AsyncStore, HeartbeatTime, Store, StoreWrite } from './store.ts';

export interface QueuedStoreOptions {
  /** Told of each failed attempt that will be retried. */
  onRetry?: (reason: string, attempt: number) => void;
  /** Told once when the store cannot go on. */
  onFatal?: (reason: string) => void;
  /** First retry delay; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How a retry waits (the simulator's virtual clock; real timers by default). */
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What waits to be committed together: members and jobs, heartbeat times, meta values. */
interface Group {
  batch: StoreWrite[];
  beats: HeartbeatTime[];
  meta: Map<string, string>;
  /** When the group is committed (or the queue failed). */
  done: Promise<void>;
}

export class QueuedStore implements Store {
  readonly inner: AsyncStore;
  readonly #options: QueuedStoreOptions;
  #snapshot: RegistrySnapshot | null;
  readonly #meta: Map<string, string | undefined>;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  /** The latest group holding members, jobs or meta, until it is committed. */
  #durable: Promise<void> | undefined;
  /** The group not yet begun; null while none waits. */
  #group: Group | null = null;
  #failure: Error | null = null;

  /**
   * Reads the snapshot and the named meta keys up front, so `load` and `getMeta` can answer at
   * once; a caller that already holds what the database holds (a standby's copy) passes it as `loaded`.
   */
  static async open(inner: AsyncStore, metaKeys: readonly string[], options: QueuedStoreOptions = {}, loaded?: RegistrySnapshot): Promise<QueuedStore> {
    const snapshot = loaded ?? (await inner.load());
    const meta = new Map<string, string | undefined>();
    for (const key of metaKeys) meta.set(key, await inner.getMeta(key));
    return new QueuedStore(inner, snapshot, meta, options);
  }

  private constructor(inner: AsyncStore, snapshot: RegistrySnapshot, meta: Map<string, string | undefined>, options: QueuedStoreOptions) {
    this.inner = inner;
    this.#snapshot = snapshot;
    this.#meta = meta;
    this.#options = options;
  }

  /** What the database held when opened; once only (a restarted registry opens the store again). */
  load(): RegistrySnapshot {
    const snapshot = this.#snapshot;
    if (!snapshot) throw new Error('QueuedStore.load: the snapshot was already taken; open the store again to reload');
    this.#snapshot = null;
    return snapshot;
  }

  write(batch: readonly StoreWrite[]): void {
    if (batch.length > 0) this.#awaited().batch.push(...batch);
  }

  writeHeartbeats(beats: readonly HeartbeatTime[]): void {
    if (beats.length > 0) this.#waiting().beats.push(...beats);
  }

  getMeta(key: string): string | undefined {
    if (!this.#meta.has(key)) throw new Error(`QueuedStore.getMeta: ${key} was not read when the store opened`);
    return this.#meta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.#meta.set(key, value);
    this.#awaited().meta.set(key, value);
  }

  /** When the members, jobs and meta handed over so far are durable; undefined when they are. */
  settled(): Promise<void> | undefined {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#durable;
  }

  /** When everything handed over so far, heartbeat times included, is written. */
  drained(): Promise<void> | undefined {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#pending > 0 ? this.#tail : undefined;
  }

  /**
   * Stops the queue: nothing more is written, and every reply still waiting fails. For a
   * replica that lost its lease (its writes would be fenced out anyway).
   */
  abandon(reason: string): void {
    this.#failure ??= new Error(`store write abandoned: ${reason}`);
  }

  /** Waits for every queued write (or the failure), then closes the connection pool. */
  async close(): Promise<void> {
    await this.#tail.catch(() => {});
    await this.inner.close();
  }

  /** The group that will be committed next, as one a reply waits for. */
  #awaited(): Group {
    const group = this.#waiting();
    this.#durable = group.done;
    return group;
  }

  /** The group that will be committed next, begun when the chain reaches it. */
  #waiting(): Group {
    if (this.#group) return this.#group;
    const done: Promise<void> = this.#tail
      .then(() => {
        if (this.#group === group) this.#group = null; // closed: what comes now waits for the next
        return this.#attempt(() => this.#commit(group));
      })
      .finally(() => {
        this.#pending--;
        if (this.#durable === done) this.#durable = undefined;
      });
    done.catch(() => {}); // the failure is reported through onFatal and settled()
    const group: Group = { batch: [], beats: [], meta: new Map(), done };
    this.#group = group;
    this.#pending++;
    this.#tail = done;
    return group;
  }

  /**
   * Heartbeat times first: the member rows written after them carry times at least as new.
   * A retry runs the whole group again; each part is idempotent.
   */
  async #commit(group: Group): Promise<void> {
    if (group.beats.length > 0) await this.inner.writeHeartbeats(group.beats);
    if (group.batch.length > 0) await this.inner.write(group.batch);
    for (const [key, value] of group.meta) await this.inner.setMeta(key, value);
  }

  async #attempt(op: () => Promise<void>): Promise<void> {
    let delay = this.#options.retryDelayMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      if (this.#failure) throw this.#failure;
      try {
        return await op();
      } catch (error) {
        const reason = describePgError(error);
        if (!isTransientPgError(error)) {
          this.#failure = new Error(`store write failed: ${reason}`, { cause: error });
          this.#options.onFatal?.(reason);
          throw this.#failure;
        }
        this.#options.onRetry?.(reason, attempt);
        await (this.#options.sleep ?? sleep)(delay);
        delay = Math.min(delay * 2, this.#options.maxRetryDelayMs ?? 5_000);
      }
    }
  }
}

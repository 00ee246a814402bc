// The store of a simulated replica's term as leader: reads from the modelled database, and
// writes that each carry the lease's (holder, epoch) and are refused once it no longer holds —
// what `PostgresStore.writingThrough(lease.fenced)` does in production.
import type { RegistrySnapshot } from '../../../machines/registry/registry.ts';
import { FencedOut } from '../../cluster/lease-holder.ts';
import type { MemoryStore } from '../../store/memory-store.ts';
import type { AsyncStore, HeartbeatTime, StoreWrite } from '../../store/store.ts';
import type { SimDatabase } from './sim-database.ts';
import type { SimLease } from './sim-lease.ts';
import type { SimProcess } from './sim-process.ts';

export class SimTermStore implements AsyncStore {
  readonly #db: SimDatabase;
  readonly #process: SimProcess;
  readonly #lease: SimLease;
  readonly #timeoutMs: number;

  constructor(db: SimDatabase, process: SimProcess, lease: SimLease, queryTimeoutMs: number) {
    this.#db = db;
    this.#process = process;
    this.#lease = lease;
    this.#timeoutMs = queryTimeoutMs;
  }

  load(): Promise<RegistrySnapshot> {
    return this.#db.query(this.#process, () => this.#db.store.load(), this.#timeoutMs);
  }

  getMeta(key: string): Promise<string | undefined> {
    return this.#db.query(this.#process, () => this.#db.store.getMeta(key), this.#timeoutMs);
  }

  write(batch: readonly StoreWrite[]): Promise<void> {
    return this.#fenced((store) => store.write(batch));
  }

  writeHeartbeats(beats: readonly HeartbeatTime[]): Promise<void> {
    return this.#fenced((store) => store.writeHeartbeats(beats));
  }

  setMeta(key: string, value: string): Promise<void> {
    return this.#fenced((store) => store.setMeta(key, value));
  }

  async close(): Promise<void> {}

  async #fenced(write: (store: MemoryStore) => void): Promise<void> {
    const token = this.#lease.token();
    if (!token) throw new FencedOut('leader', this.#lease.holder, null, 'lapsed here');
    try {
      await this.#db.query(this.#process, (now) => this.#db.fenced(token.holder, token.epoch, now, write), this.#timeoutMs);
    } catch (error) {
      if (error instanceof FencedOut) this.#lease.lost();
      throw error;
    }
  }
}

// PostgreSQL as the simulator models it: one durable copy of the members, jobs and meta (a
// MemoryStore), the lease row, and statements that take virtual time to arrive and answer.
// Every statement runs atomically at the database, judged by the database's clock (the shared
// virtual clock), as the SQL in runtime/cluster/lease.ts is. Faults:
// - stall: statements wait (nothing is lost), and run when it ends; a caller that timed out
//   meanwhile is not told, but its statement still runs — as a real one would;
// - restart: waiting statements fail, new ones are refused until it is back; nothing durable
//   is lost;
// - cut: one replica's statements and answers wait until it is healed (a silent partition).
// A write under the lease carries (holder, epoch) and is refused unless that pair holds an
// unexpired lease at the moment it runs: the fence.
import type { LogFields } from '../../events/log-entry.ts';
import type { VirtualClock } from '../../clock/virtual-clock.ts';
import { FencedOut, type LeaseHolder } from '../../cluster/lease-holder.ts';
import { MemoryStore } from '../../store/memory-store.ts';
import type { SimProcess } from './sim-process.ts';

interface LeaseRow {
  holder: string;
  epoch: number;
  expiresAt: number;
  grpc: string;
}

interface Waiting {
  from: SimProcess;
  go: () => void;
  fail: () => void;
}

export type DatabaseState = 'up' | 'stalled' | 'down';

const connectionError = (code: string, message: string) => Object.assign(new Error(message), { code });

export class SimDatabase {
  readonly store = new MemoryStore();
  readonly #clock: VirtualClock;
  readonly #log: (type: string, fields: LogFields) => void;
  #latencyMs: number;
  readonly #baseLatencyMs: number;
  #lease: LeaseRow | null = null;
  #state: DatabaseState = 'up';
  readonly #cut = new Set<string>();
  #waiting: Waiting[] = [];
  readonly #resignations = new Set<{ to: SimProcess; nudge: () => void }>();
  /** Who made the last accepted write under the lease; each change is logged (`db.writer`). */
  #lastWriter: { epoch: number; holder: string } | null = null;
  /** False only to show that the scenarios catch a database that does not fence (a test's broken model). */
  readonly #fence: boolean;

  constructor(clock: VirtualClock, log: (type: string, fields: LogFields) => void, options: { latencyMs?: number; fence?: boolean } = {}) {
    this.#clock = clock;
    this.#log = log;
    this.#latencyMs = options.latencyMs ?? 1;
    this.#baseLatencyMs = this.#latencyMs;
    this.#fence = options.fence ?? true;
  }

  get state(): DatabaseState {
    return this.#state;
  }

  /**
   * One statement from process `from`: it arrives after the link's latency, runs `statement`
   * at the database's now, and the answer travels back. The caller gives up after `timeoutMs`
   * with a transient error (as pg's query timeout does); the statement may still run later.
   */
  query<T>(from: SimProcess, statement: (now: number) => T, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      const answer = (settle: () => void) =>
        from.run(() => {
          if (answered) return;
          answered = true;
          settle();
        });
      from.setTimeout(() => answer(() => reject(connectionError('ETIMEDOUT', 'Query read timeout'))), timeoutMs);
      const refuse = () => this.#clock.setTimeout(() => answer(() => reject(connectionError('ECONNRESET', 'Connection terminated unexpectedly'))), this.#latencyMs);
      const reply = (settle: () => void) => this.#deliver(from, () => answer(settle), refuse);
      const run = () => {
        let result: T;
        try {
          result = statement(this.#clock.now());
        } catch (error) {
          return reply(() => reject(error));
        }
        reply(() => resolve(result));
      };
      this.#clock.setTimeout(() => this.#arrive(from, run, refuse), this.#latencyMs);
    });
  }

  /** A statement reaches the database: it runs now, waits out a stall or a cut, or is refused. */
  #arrive(from: SimProcess, run: () => void, refuse: () => void): void {
    if (this.#state === 'down') return void refuse();
    if (this.#state === 'stalled' || this.#cut.has(from.name)) return void this.#waiting.push({ from, go: () => this.#arrive(from, run, refuse), fail: refuse });
    run();
  }

  /** An answer travels back to `to`, held while it is cut off. */
  #deliver(to: SimProcess, settle: () => void, refuse: () => void): void {
    this.#clock.setTimeout(() => {
      if (this.#cut.has(to.name)) this.#waiting.push({ from: to, go: () => this.#deliver(to, settle, refuse), fail: refuse });
      else settle();
    }, this.#latencyMs);
  }

  /** Lets through what waited, except what still may not pass. */
  #release(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.go();
  }

  stall(): void {
    this.#state = 'stalled';
    this.#log('db.stalled', {});
  }

  /** Ends a stall, or brings the database back after a restart. */
  resume(): void {
    this.#state = 'up';
    this.#log('db.resumed', {});
    this.#release();
  }

  /** The server goes down: statements waiting on it fail, new ones are refused until `resume`. */
  stop(): void {
    this.#state = 'down';
    this.#log('db.stopped', {});
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.fail();
  }

  /** Statements and answers take `extraMs` longer each way (0: back to the link's own latency). */
  slow(extraMs: number): void {
    this.#latencyMs = this.#baseLatencyMs + extraMs;
    this.#log('db.latency', { ms: extraMs });
  }

  /** `replica` can no longer reach the database, nor hear from it. */
  cut(replica: string): void {
    this.#cut.add(replica);
    this.#log('db.cut', { replica });
  }

  heal(replica: string): void {
    this.#cut.delete(replica);
    this.#log('db.healed', { replica });
    this.#release();
  }

  // The lease's statements (runtime/cluster/lease.ts says the same in SQL).

  acquire(holder: string, ttlMs: number, grpc: string, now: number): number | null {
    const row = this.#lease;
    if (row && row.expiresAt >= now) return null;
    this.#lease = { holder, epoch: (row?.epoch ?? 0) + 1, expiresAt: now + ttlMs, grpc };
    this.#log('db.lease.taken', { holder, epoch: this.#lease.epoch });
    return this.#lease.epoch;
  }

  renew(holder: string, epoch: number, ttlMs: number, now: number): boolean {
    if (!this.#holds(holder, epoch, now)) return false;
    this.#lease!.expiresAt = now + ttlMs;
    return true;
  }

  resign(holder: string, epoch: number, now: number): void {
    if (this.#lease?.holder !== holder || this.#lease.epoch !== epoch) return;
    this.#lease.expiresAt = now - 1;
    this.#log('db.lease.released', { holder, epoch });
    for (const { to, nudge } of this.#resignations) {
      this.#clock.setTimeout(() => this.#cut.has(to.name) || to.run(nudge), this.#latencyMs); // a hint: lost on a cut link
    }
  }

  holderOf(now: number): LeaseHolder | undefined {
    const row = this.#lease;
    return row ? { holder: row.holder, epoch: row.epoch, grpc: row.grpc, http: row.grpc, live: row.expiresAt > now } : undefined;
  }

  /** Tells `to` when a holder resigns (LISTEN rollcall_lease_released); returns the UNLISTEN. */
  onResignation(to: SimProcess, nudge: () => void): () => void {
    const listener = { to, nudge };
    this.#resignations.add(listener);
    return () => void this.#resignations.delete(listener);
  }

  /** Runs `write` on the store if (holder, epoch) holds the lease now; otherwise FencedOut. */
  fenced(holder: string, epoch: number, now: number, write: (store: MemoryStore) => void): void {
    if (this.#fence && !this.#holds(holder, epoch, now)) {
      this.#log('db.write.refused', { holder, epoch });
      throw new FencedOut('leader', holder, epoch, 'refused by the database');
    }
    if (this.#lastWriter?.holder !== holder || this.#lastWriter.epoch !== epoch) this.#log('db.writer', { holder, epoch });
    this.#lastWriter = { epoch, holder };
    write(this.store);
  }

  #holds(holder: string, epoch: number, now: number): boolean {
    const row = this.#lease;
    return row !== null && row.holder === holder && row.epoch === epoch && row.expiresAt > now;
  }
}

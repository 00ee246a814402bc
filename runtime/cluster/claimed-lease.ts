// A lease as its holder sees it, whatever database keeps it: the statements that take, extend
// and hand back the lease row come in as a port (SQL on PostgreSQL, the simulator's model), and
// what the holder may believe is kept here, on its monotonic clock. It holds the epoch it took
// until the start of its last successful acquire or renew plus the TTL, less a margin. The
// database counts the TTL from after the statement was sent, so the holder's view always ends
// first, and a hung renew never leaves a process thinking it leads.

/** The election as a replica sees it (`Lease` on PostgreSQL, `SimLease` in the simulator). */
export interface LeaseClaim {
  /** This process incarnation, e.g. `replica-1/<uuid>`. */
  readonly holder: string;
  /** The epoch held, while the local watchdog allows it; otherwise null. */
  readonly epoch: number | null;
  readonly held: boolean;
  /** How long the local claim lasts without another renew (0 when not held). */
  readonly remainingMs: number;
  acquire(): Promise<boolean>;
  renew(): Promise<boolean>;
  resign(): Promise<void>;
  /** Stops claiming at once; a renew still in flight cannot take it back (the next term is a new epoch). */
  lost(): void;
}

export interface LeaseStatements {
  /** Takes the lease if it is free or expired by the database's clock: the new epoch, or null. */
  acquire(): Promise<number | null>;
  /** Extends our (holder, epoch): false when it no longer holds. Throws when the database cannot be reached. */
  renew(epoch: number): Promise<boolean>;
  /** Expires our (holder, epoch) at once. */
  resign(epoch: number): Promise<void>;
}

export interface ClaimTiming {
  ttlMs: number;
  /** Give up the local claim this long before the lease could expire in the database. */
  marginMs?: number | undefined;
  /** The monotonic clock (ms). */
  now: () => number;
}

export class ClaimedLease implements LeaseClaim {
  readonly holder: string;
  readonly #statements: LeaseStatements;
  readonly #ttlMs: number;
  readonly #marginMs: number;
  readonly #now: () => number;
  #epoch: number | null = null;
  #validUntil = 0;
  /** Bumped when the claim is given up: an acquire or renew begun before may not take it back. */
  #generation = 0;
  /** The last epoch held, for messages. */
  lastEpoch: number | null = null;

  constructor(holder: string, statements: LeaseStatements, timing: ClaimTiming) {
    this.holder = holder;
    this.#statements = statements;
    this.#ttlMs = timing.ttlMs;
    this.#marginMs = timing.marginMs ?? Math.min(500, timing.ttlMs / 5);
    this.#now = timing.now;
  }

  /** The epoch we hold, while the local claim lasts; otherwise null. */
  get epoch(): number | null {
    if (this.#epoch !== null && this.#now() >= this.#validUntil) this.#epoch = null;
    return this.#epoch;
  }

  get held(): boolean {
    return this.epoch !== null;
  }

  /** How long the local claim lasts from now without another renew (0 when not held). */
  get remainingMs(): number {
    return this.held ? Math.max(0, this.#validUntil - this.#now()) : 0;
  }

  /** Takes the lease if it is free or expired (by the database's clock); true when we hold it. */
  async acquire(): Promise<boolean> {
    if (this.held) return this.renew();
    const started = this.#now();
    const generation = this.#generation;
    const epoch = await this.#statements.acquire();
    if (epoch === null || generation !== this.#generation) return false;
    this.#take(epoch, started);
    return true;
  }

  /** Extends our lease; false (and no longer held) when it expired or another took it. */
  async renew(): Promise<boolean> {
    const epoch = this.#epoch;
    if (epoch === null) return false;
    const started = this.#now();
    const generation = this.#generation;
    let renewed: boolean;
    try {
      renewed = await this.#statements.renew(epoch);
    } catch {
      return this.held; // unreachable database: the local claim lapses by itself
    }
    if (generation !== this.#generation) return false; // given up meanwhile: a late success changes nothing
    if (renewed) this.#take(epoch, started);
    else this.#epoch = null;
    return renewed;
  }

  /** Hands the lease back at once, so another replica can take it without waiting for the TTL. */
  async resign(): Promise<void> {
    const epoch = this.#epoch;
    this.lost();
    if (epoch !== null) await this.#statements.resign(epoch);
  }

  /**
   * Stops claiming at once (the database refused our pair, or we stepped down), and ignores any
   * acquire or renew still in flight: this holder leads again only under a new epoch, so no
   * write of the term that ended can pass the fence of the next.
   */
  lost(): void {
    this.#epoch = null;
    this.#generation++;
  }

  #take(epoch: number, startedAt: number): void {
    this.#epoch = epoch;
    this.lastEpoch = epoch;
    this.#validUntil = startedAt + this.#ttlMs - this.#marginMs;
  }
}

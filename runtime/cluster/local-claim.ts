// What a lease holder may believe about its own lease, on its monotonic clock: the epoch it
// took, and until when it may act on it — the start of the last successful acquire or renew
// plus the TTL, less a margin (the database counts the TTL from after the statement was sent,
// so the holder's view always ends first). Shared by the PostgreSQL lease and the simulator's.
export class LocalClaim {
  readonly #ttlMs: number;
  readonly #marginMs: number;
  readonly #now: () => number;
  #epoch: number | null = null;
  #validUntil = 0;
  /** The last epoch held, for messages. */
  lastEpoch: number | null = null;

  constructor(ttlMs: number, now: () => number, marginMs = Math.min(500, ttlMs / 5)) {
    this.#ttlMs = ttlMs;
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /** The epoch held, while the claim lasts; otherwise null. */
  get epoch(): number | null {
    if (this.#epoch !== null && this.#now() >= this.#validUntil) this.#epoch = null;
    return this.#epoch;
  }

  /** The epoch last taken, lapsed or not (what a renew asks the database to extend). */
  get taken(): number | null {
    return this.#epoch;
  }

  get held(): boolean {
    return this.epoch !== null;
  }

  /** How long the claim lasts from now without another renew (0 when not held). */
  get remainingMs(): number {
    return this.held ? Math.max(0, this.#validUntil - this.#now()) : 0;
  }

  /** The statement that began at `startedAt` (this clock) took or extended `epoch`. */
  take(epoch: number, startedAt: number): void {
    this.#epoch = epoch;
    this.lastEpoch = epoch;
    this.#validUntil = startedAt + this.#ttlMs - this.#marginMs;
  }

  /** Lets go (refused, resigned); returns the epoch that was taken. */
  drop(): number | null {
    const epoch = this.#epoch;
    this.#epoch = null;
    return epoch;
  }

  now(): number {
    return this.#now();
  }
}

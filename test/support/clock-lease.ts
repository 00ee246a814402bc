// A lease claim that expires by a clock unless renewed, for a replica's tests: the replica
// under test is the only claimant, so acquiring always wins.
import type { LeaseClaim } from '../../runtime/cluster/replica.ts';
import type { Clock } from '../../runtime/clock/clock.ts';

export class ClockLease implements LeaseClaim {
  readonly holder = 'r1/test';
  renewals = 0;
  #until = -Infinity;
  readonly #clock: Clock;
  readonly #ttlMs: number;

  constructor(clock: Clock, ttlMs: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  get held(): boolean {
    return this.#clock.now() < this.#until;
  }
  get epoch(): number | null {
    return this.held ? 1 : null;
  }
  get remainingMs(): number {
    return Math.max(0, this.#until - this.#clock.now());
  }
  async acquire(): Promise<boolean> {
    this.#until = this.#clock.now() + this.#ttlMs;
    return true;
  }
  async renew(): Promise<boolean> {
    if (!this.held) return false;
    this.renewals++;
    this.#until = this.#clock.now() + this.#ttlMs;
    return true;
  }
  async resign(): Promise<void> {
    this.#until = -Infinity;
  }
  lost(): void {
    this.#until = -Infinity;
  }
}

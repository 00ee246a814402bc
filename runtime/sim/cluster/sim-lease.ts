// The leader lease of a simulated replica: the same local claim as on PostgreSQL
// (runtime/cluster/local-claim.ts), its statements run by the modelled database.
import { LocalClaim } from '../../cluster/local-claim.ts';
import type { LeaseClaim } from '../../cluster/replica.ts';
import type { SimDatabase } from './sim-database.ts';
import type { SimProcess } from './sim-process.ts';

export class SimLease implements LeaseClaim {
  readonly holder: string;
  readonly #db: SimDatabase;
  readonly #process: SimProcess;
  readonly #ttlMs: number;
  readonly #grpc: string;
  readonly #timeoutMs: number;
  readonly #claim: LocalClaim;

  constructor(db: SimDatabase, process: SimProcess, options: { holder: string; ttlMs: number; grpc: string; queryTimeoutMs: number }) {
    this.holder = options.holder;
    this.#db = db;
    this.#process = process;
    this.#ttlMs = options.ttlMs;
    this.#grpc = options.grpc;
    this.#timeoutMs = options.queryTimeoutMs;
    this.#claim = new LocalClaim(options.ttlMs, () => process.now());
  }

  get epoch(): number | null {
    return this.#claim.epoch;
  }

  get held(): boolean {
    return this.#claim.held;
  }

  get remainingMs(): number {
    return this.#claim.remainingMs;
  }

  async acquire(): Promise<boolean> {
    if (this.held) return this.renew();
    const started = this.#process.now();
    const epoch = await this.#db.query(this.#process, (now) => this.#db.acquire(this.holder, this.#ttlMs, this.#grpc, now), this.#timeoutMs);
    if (epoch === null) return false;
    this.#claim.take(epoch, started);
    return true;
  }

  async renew(): Promise<boolean> {
    const epoch = this.#claim.taken;
    if (epoch === null) return false;
    const started = this.#process.now();
    let renewed: boolean;
    try {
      renewed = await this.#db.query(this.#process, (now) => this.#db.renew(this.holder, epoch, this.#ttlMs, now), this.#timeoutMs);
    } catch {
      return this.held; // unreachable: the local claim lapses by itself
    }
    if (renewed) this.#claim.take(epoch, started);
    else this.#claim.drop();
    return renewed;
  }

  async resign(): Promise<void> {
    const epoch = this.#claim.drop();
    if (epoch !== null) await this.#db.query(this.#process, (now) => this.#db.resign(this.holder, epoch, now), this.#timeoutMs);
  }

  /** The fencing token of a write made now; null when the claim has lapsed here. */
  token(): { holder: string; epoch: number } | null {
    const epoch = this.#claim.epoch;
    return epoch === null ? null : { holder: this.holder, epoch };
  }

  /** The database refused our pair: stop claiming at once. */
  lost(): void {
    this.#claim.drop();
  }
}

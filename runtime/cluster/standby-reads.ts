// A standby replica's reads (docs/scale-out.md, "Reads on any replica"): the members and jobs
// as the shared database holds them, read on demand and kept for a moment, so a busy dashboard
// or a load balancer's share of GETs costs one read of the tables per `maxAgeMs`, not one per
// request. The rows are restored into a registry core that is only ever read, so a standby
// answers with the same queries, and the same shapes, as the leader.
import type { Chance } from '../../machines/random.ts';
import { Registry, type RegistrySnapshot } from '../../machines/registry/registry.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { StandbyPort, StandbyView } from '../http/standby-port.ts';
import type { LeaseHolder } from './lease-holder.ts';

export interface StandbyReadsPorts {
  /** Every member and job, as the database holds them. */
  load(): Promise<RegistrySnapshot>;
  /** Who holds the lease now. */
  leader(): Promise<LeaseHolder | undefined>;
  /** The wall clock (ms). */
  now(): number;
}

/** A core that is only read never draws a token; it is given a chance that says so if it did. */
const NO_CHANCE: Chance = {
  next: () => refuse(),
  token: () => refuse(),
};
function refuse(): never {
  throw new Error('a standby view is read only');
}

/** One value fetched at most every `maxAgeMs`, with one fetch in flight at a time. */
class Cached<T> {
  #value: { at: number; value: T } | null = null;
  #pending: Promise<{ at: number; value: T }> | null = null;
  readonly #fetch: () => Promise<T>;
  readonly #now: () => number;
  readonly #maxAgeMs: number;

  constructor(fetch: () => Promise<T>, now: () => number, maxAgeMs: number) {
    this.#fetch = fetch;
    this.#now = now;
    this.#maxAgeMs = maxAgeMs;
  }

  async get(): Promise<{ at: number; value: T }> {
    const held = this.#value;
    if (held && this.#now() - held.at <= this.#maxAgeMs) return held;
    this.#pending ??= this.#refresh();
    return this.#pending;
  }

  async #refresh(): Promise<{ at: number; value: T }> {
    try {
      const at = this.#now();
      const value = await this.#fetch();
      this.#value = { at, value };
      return this.#value;
    } finally {
      this.#pending = null;
    }
  }
}

export class StandbyReads implements StandbyPort {
  readonly replica: string;
  readonly #views: Cached<Registry>;
  readonly #leader: Cached<LeaseHolder | undefined>;

  constructor(replica: string, config: RegistryConfig, ports: StandbyReadsPorts, maxAgeMs = 1_000) {
    this.replica = replica;
    // The view is restored as of the instant the read began: what it says is at least that fresh.
    const restore = async () => new Registry(config, NO_CHANCE, ports.now(), await ports.load());
    this.#views = new Cached(restore, ports.now, maxAgeMs);
    this.#leader = new Cached(ports.leader, ports.now, maxAgeMs);
  }

  async view(): Promise<StandbyView> {
    const { at, value } = await this.#views.get();
    return { core: value, readAt: at };
  }

  async leader(): Promise<LeaseHolder | undefined> {
    return (await this.#leader.get()).value;
  }
}

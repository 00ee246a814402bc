// One registry replica on a shared PostgreSQL. The replicas race for the `leader` lease; the
// holder loads the cluster from the database and runs the registry core (every request,
// heartbeat and sweep), writing through the lease's fence, so a paused or partitioned
// ex-leader's writes are refused by the database itself. The others stand by: their APIs
// answer UNAVAILABLE naming the leader, which sends workers on to their next endpoint. When
// the leader dies or stalls past the TTL, a standby takes the lease, loads what is durable and
// starts with the restart grace, so no worker is judged before it could reach the new leader.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import { QueuedStore } from '../store/queued-store.ts';
import { Lease, LEASE_RELEASED, type LeaseEndpoints } from './lease.ts';
import { PgListener } from './pg-listener.ts';
import { AbsorbBeats } from './absorb-beats.ts';
import { StandbyBeats } from './standby-beats.ts';

export interface ReplicaOptions {
  /** This replica's name (stable across restarts; the lease holder adds a per-process suffix). */
  id: string;
  /** The lease's time to live, by the database clock. */
  leaseTtlMs: number;
  /** How often the leader renews, and a standby tries to take over. */
  leaseRenewMs: number;
  /** Meta keys the registry reads when it starts leading. */
  metaKeys: readonly string[];
  logger: Logger;
}

export const LEADER_LEASE = 'leader';

export class Replica {
  readonly id: string;
  readonly lease: Lease;
  readonly #base: PostgresStore;
  readonly #host: RegistryHost;
  readonly #options: ReplicaOptions;
  /** The store of the current term as leader; null while standing by. */
  #term: QueuedStore | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** Fires when the local claim lapses without a renew: stop serving at that instant, not at the next round. */
  #watchdog: NodeJS.Timeout | null = null;
  #stopped = false;
  #ticking: Promise<void> = Promise.resolve();
  #inTick = false;
  #nudged = false;
  /** A resigning leader's NOTIFY: try to take over at once (a hint; the rounds decide). */
  readonly #hint: PgListener;
  /** While standing by: the heartbeats this replica answers and hands on. */
  #beats: StandbyBeats | null = null;
  /** While leading: the standbys' heartbeats replayed into the core. */
  #absorb: AbsorbBeats | null = null;
  /** Role changes (starting and stopping those two), one at a time. */
  #roles: Promise<void> = Promise.resolve();

  constructor(base: PostgresStore, host: RegistryHost, endpoints: LeaseEndpoints, options: ReplicaOptions) {
    this.id = options.id;
    this.#base = base;
    this.#host = host;
    this.#options = options;
    this.lease = new Lease(base.pool, { name: LEADER_LEASE, holder: `${options.id}/${randomUUID()}`, ttlMs: options.leaseTtlMs, endpoints });
    host.downReason = `replica ${options.id} is standing by`;
    this.#hint = new PgListener(base.url, LEASE_RELEASED, () => this.#nudge(), () => this.#nudge());
  }

  /** The leader's store for the host; a standby has none (and its host is down). */
  get store(): QueuedStore | null {
    return this.#term;
  }

  get leading(): boolean {
    return this.#term !== null;
  }

  /** Takes part in the election; resolves after the first attempt, so a lone replica leads at once. */
  async start(): Promise<void> {
    await this.#tick();
    this.#schedule();
    await this.#hint.start();
    if (!this.#term) this.#standBy();
    await this.#roles;
  }

  /** Starts answering standby heartbeats (a standby again, or for the first time). */
  #standBy(): void {
    this.#roles = this.#roles.then(async () => {
      if (this.#stopped || this.#term || this.#beats) return;
      const beats = new StandbyBeats(this.#base, this.#host.config, this.lease.holder, this.id, this.#options.logger);
      try {
        await beats.start();
      } catch (error) {
        this.#options.logger.warn({ event: 'standby.beats.failed', reason: (error as Error).message }, 'standby heartbeats not started');
        return;
      }
      this.#beats = beats;
      this.#host.standbyBeats = (request) => beats.heartbeat(request);
    });
  }

  async #quitStandby(): Promise<void> {
    this.#host.standbyBeats = null;
    const beats = this.#beats;
    this.#beats = null;
    await beats?.stop().catch(() => {});
  }

  #schedule(delayMs = this.#options.leaseRenewMs): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#inTick = true;
      this.#ticking = this.#tick().finally(() => {
        this.#inTick = false;
        const again = this.#nudged;
        this.#nudged = false;
        this.#schedule(again ? 0 : undefined);
      });
    }, delayMs);
    this.#timer.unref();
  }

  /** The lease was handed back: a standby tries to take it now. */
  #nudge(): void {
    if (this.#term || this.#stopped) return;
    if (this.#inTick) {
      this.#nudged = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#schedule(0);
  }

  async #tick(): Promise<void> {
    try {
      if (this.#term) {
        if (!(await this.lease.renew()) && !this.lease.held) this.stepDown('the lease expired or was taken over');
      } else if (await this.lease.acquire()) {
        await this.#lead();
      } else {
        await this.#noteLeader();
      }
    } catch (error) {
      if (this.#term && !this.lease.held) this.stepDown('the lease could not be renewed in time');
      this.#options.logger.warn({ event: 'replica.election.failed', reason: (error as Error).message }, 'lease round failed');
    }
    this.#armWatchdog();
  }

  #armWatchdog(): void {
    if (this.#watchdog) clearTimeout(this.#watchdog);
    this.#watchdog = null;
    if (!this.#term) return;
    this.#watchdog = setTimeout(() => {
      if (this.#term && !this.lease.held) this.stepDown('the lease lapsed before it could be renewed (watchdog)');
    }, this.lease.remainingMs + 1);
    this.#watchdog.unref();
  }

  async #lead(): Promise<void> {
    const { logger, metaKeys } = this.#options;
    const fenced = this.#base.writingThrough((work) => this.lease.fenced((client) => work(client)));
    const term = await QueuedStore.open(fenced, metaKeys, {
      onRetry: (reason, attempt) => logger.warn({ event: 'store.retry', reason, attempt }, `store write failed (${reason}); retrying`),
      onFatal: (reason) => this.stepDown(`a write was refused: ${reason}`),
    });
    if (!this.lease.held) return; // the load outlasted the lease: stay a standby
    await this.#roles;
    await this.#quitStandby(); // its last flush lands before the core starts reading them
    if (!this.lease.held) return this.#standBy();
    this.#term = term;
    this.#host.start();
    this.#absorb = new AbsorbBeats(this.#base, this.#host);
    this.#absorb.start(this.#host.config.heartbeatFlushInterval);
    logger.info({ event: 'replica.leading', replica: this.id, epoch: this.lease.epoch }, `replica ${this.id} leads (epoch ${this.lease.epoch})`);
  }

  async #noteLeader(): Promise<void> {
    const leader = await Lease.holderOf(this.#base.pool, LEADER_LEASE);
    const who = leader?.live
      ? `the leader is ${leader.holder.split('/')[0]} at ${leader.grpc} (REST http://${leader.http}, epoch ${leader.epoch})`
      : 'no leader yet';
    this.#host.downReason = `replica ${this.id} is standing by; ${who}`;
  }

  /** Stops leading: replies still waiting fail, the host drops its memory; a standby again. */
  stepDown(reason: string): void {
    const term = this.#term;
    if (!term) return;
    this.#term = null;
    term.abandon(reason);
    this.#host.stepDown(reason);
    void this.#absorb?.stop();
    this.#absorb = null;
    this.#host.downReason = `replica ${this.id} is standing by after losing the lead: ${reason}`;
    this.#standBy();
    this.#options.logger.warn({ event: 'replica.stepped-down', replica: this.id, reason }, `replica ${this.id} stepped down: ${reason}`);
  }

  /** Leaves the election; a leader writes what it holds, then hands the lease over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#watchdog) clearTimeout(this.#watchdog);
    await this.#hint.close();
    await this.#ticking;
    await this.#roles;
    await this.#quitStandby();
    await this.#absorb?.stop();
    this.#absorb = null;
    const term = this.#term;
    if (!term) return;
    this.#host.stop();
    await term.settled()?.catch(() => {});
    this.#term = null;
    await this.lease.resign().catch(() => {});
  }
}


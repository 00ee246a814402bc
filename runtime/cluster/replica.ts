// One registry replica on a shared database. The replicas race for the `leader` lease; the
// holder loads the cluster from the database and runs the registry core (every request,
// heartbeat and sweep), writing through the lease's fence, so a paused or partitioned
// ex-leader's writes are refused by the database itself. The others stand by: their APIs
// answer UNAVAILABLE naming the leader, which sends workers on to their next endpoint. When
// the leader dies or stalls past the TTL, a standby takes the lease, loads what is durable and
// starts with the restart grace, so no worker is judged before it could reach the new leader.
// The database comes in through ports: PostgreSQL in production (pg-replica-ports.ts), a model
// on virtual time in the simulator (runtime/sim/cluster/).
import type { HeartbeatReply, HeartbeatRequest, Outcome } from '../../machines/registry/registry.types.ts';
import type { Clock, TimerId } from '../clock/clock.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { QueuedStore, QueuedStoreOptions } from '../store/queued-store.ts';
import type { LeaseHolder } from './lease-holder.ts';

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

/** Something a replica runs in one role only, stopped when the role ends. */
export interface RoleJob {
  stop(): Promise<void>;
}

/** A standby's share of the heartbeats (runtime/cluster/standby-beats.ts). */
export interface StandbyJob extends RoleJob {
  heartbeat(request: HeartbeatRequest): Outcome<HeartbeatReply> | null;
}

export interface ReplicaLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What a replica needs from its world: the same election runs on PostgreSQL and in the simulator. */
export interface ReplicaPorts {
  clock: Clock;
  lease: LeaseClaim;
  /** Who holds the lease now, as the database sees it. */
  leader(): Promise<LeaseHolder | undefined>;
  /** The store of a term as leader: what is durable, read up front; every write fenced by the lease. */
  openTerm(options: QueuedStoreOptions): Promise<QueuedStore>;
  /** Calls `nudge` when a leader hands the lease back (a hint: the rounds decide). */
  resignations(nudge: () => void): RoleJob & { start(): Promise<void> };
  /** Standing by: answer the heartbeats it can vouch for (absent: none). */
  standBy?(): Promise<StandbyJob>;
  /** Leading: take in the heartbeats the standbys answered (absent: none). */
  absorb?(host: RegistryHost): RoleJob;
  log: ReplicaLog;
}

export interface ReplicaOptions {
  /** This replica's name (stable across restarts; the lease holder adds a per-process suffix). */
  id: string;
  /** How often the leader renews, and a standby tries to take over. */
  leaseRenewMs: number;
}

export const LEADER_LEASE = 'leader';

export class Replica {
  readonly id: string;
  readonly lease: LeaseClaim;
  readonly #host: RegistryHost;
  readonly #ports: ReplicaPorts;
  readonly #options: ReplicaOptions;
  /** The store of the current term as leader; null while standing by. */
  #term: QueuedStore | null = null;
  #timer: TimerId | null = null;
  /** Fires when the local claim lapses without a renew: stop serving at that instant, not at the next round. */
  #watchdog: TimerId | null = null;
  #stopped = false;
  #ticking: Promise<void> = Promise.resolve();
  #inTick = false;
  #nudged = false;
  /** A resigning leader's hint: try to take over at once. */
  readonly #hint: RoleJob & { start(): Promise<void> };
  /** While standing by: the heartbeats this replica answers and hands on. */
  #beats: StandbyJob | null = null;
  /** While leading: the standbys' heartbeats replayed into the core. */
  #absorb: RoleJob | null = null;
  /** Role changes (starting and stopping those two), one at a time. */
  #roles: Promise<void> = Promise.resolve();

  constructor(host: RegistryHost, ports: ReplicaPorts, options: ReplicaOptions) {
    this.id = options.id;
    this.lease = ports.lease;
    this.#host = host;
    this.#ports = ports;
    this.#options = options;
    host.downReason = `replica ${options.id} is standing by`;
    this.#hint = ports.resignations(() => this.#nudge());
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
    const standBy = this.#ports.standBy;
    if (!standBy) return;
    this.#roles = this.#roles.then(async () => {
      if (this.#stopped || this.#term || this.#beats) return;
      let beats: StandbyJob;
      try {
        beats = await standBy();
      } catch (error) {
        this.#ports.log.warn({ event: 'standby.beats.failed', reason: (error as Error).message }, 'standby heartbeats not started');
        return;
      }
      if (this.#stopped || this.#term) return void (await beats.stop().catch(() => {}));
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
    this.#timer = this.#ports.clock.setTimeout(() => {
      this.#timer = null;
      this.#inTick = true;
      this.#ticking = this.#tick().finally(() => {
        this.#inTick = false;
        const again = this.#nudged;
        this.#nudged = false;
        this.#schedule(again ? 0 : undefined);
      });
    }, delayMs);
  }

  /** The lease was handed back: a standby tries to take it now. */
  #nudge(): void {
    if (this.#term || this.#stopped) return;
    if (this.#inTick) {
      this.#nudged = true;
      return;
    }
    if (this.#timer !== null) this.#ports.clock.clearTimeout(this.#timer);
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
      this.#ports.log.warn({ event: 'replica.election.failed', reason: (error as Error).message }, 'lease round failed');
    }
    this.#armWatchdog();
  }

  #armWatchdog(): void {
    const { clock } = this.#ports;
    if (this.#watchdog !== null) clock.clearTimeout(this.#watchdog);
    this.#watchdog = null;
    if (!this.#term) return;
    this.#watchdog = clock.setTimeout(() => {
      this.#watchdog = null;
      if (this.#term && !this.lease.held) this.stepDown('the lease lapsed before it could be renewed (watchdog)');
    }, this.lease.remainingMs + 1);
  }

  async #lead(): Promise<void> {
    const { log } = this.#ports;
    const opening = this.#ports.openTerm({
      onRetry: (reason, attempt) => log.warn({ event: 'store.retry', reason, attempt }, `store write failed (${reason}); retrying`),
      onFatal: (reason) => this.stepDown(`a write was refused: ${reason}`),
    });
    this.#renewUntil(opening);
    const term = await opening;
    if (!this.lease.held) return; // the load outlasted the lease all the same: stay a standby
    await this.#roles;
    await this.#quitStandby(); // its last flush lands before the core starts reading them
    if (!this.lease.held) return this.#standBy();
    this.#term = term;
    this.#host.leadership = { replica: this.id, epoch: this.lease.epoch! };
    this.#host.start();
    this.#absorb = this.#ports.absorb?.(this.#host) ?? null;
    log.info({ event: 'replica.leading', replica: this.id, epoch: this.lease.epoch }, `replica ${this.id} leads (epoch ${this.lease.epoch})`);
  }

  /**
   * Keeps renewing the lease while a new leader loads the cluster: a large one takes longer to
   * read than a lease lasts (1M members against the 10 s default), and without renewals every
   * replica in turn would load, find its lease gone, and stand by again, so none would ever lead.
   */
  #renewUntil(done: Promise<unknown>): void {
    const { clock } = this.#ports;
    let over = false;
    let timer: TimerId | null = null;
    const next = () => {
      timer = clock.setTimeout(() => {
        timer = null;
        if (over) return;
        void this.lease.renew().catch(() => false).then(() => over || next());
      }, this.#options.leaseRenewMs);
    };
    next();
    void done.finally(() => {
      over = true;
      if (timer !== null) clock.clearTimeout(timer);
    }).catch(() => {});
  }

  async #noteLeader(): Promise<void> {
    const leader = await this.#ports.leader();
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
    this.lease.lost();
    term.abandon(reason);
    this.#host.leadership = null;
    this.#host.stepDown(reason);
    void this.#absorb?.stop();
    this.#absorb = null;
    this.#host.downReason = `replica ${this.id} is standing by after losing the lead: ${reason}`;
    this.#standBy();
    this.#ports.log.warn({ event: 'replica.stepped-down', replica: this.id, reason }, `replica ${this.id} stepped down: ${reason}`);
  }

  /** Leaves the election; a leader writes what it holds, then hands the lease over at once. */
  async stop(): Promise<void> {
    const { clock } = this.#ports;
    this.#stopped = true;
    if (this.#timer !== null) clock.clearTimeout(this.#timer);
    if (this.#watchdog !== null) clock.clearTimeout(this.#watchdog);
    await this.#hint.stop();
    await this.#ticking;
    await this.#roles;
    await this.#quitStandby();
    await this.#absorb?.stop();
    this.#absorb = null;
    const term = this.#term;
    if (!term) return;
    this.#host.leadership = null;
    this.#host.stop();
    await term.settled()?.catch(() => {});
    this.#term = null;
    await this.lease.resign().catch(() => {});
  }
}

// One registry replica on a shared database. The replicas race for the `leader` lease; the
// holder loads the cluster from the database and runs the registry core (every request,
// heartbeat and sweep), writing through the lease's fence, so a paused or partitioned
// ex-leader's writes are refused by the database itself. The others stand by: their APIs
// answer UNAVAILABLE naming the leader, which sends workers on to their next endpoint. When
// the leader dies or stalls past the TTL, a standby takes the lease and what is durable (the
// copy it kept, warm-records.ts), and starts with the restart grace: no worker is judged early.
// What to do when is decided by the replica machine (machines/replica/replica.machine.ts); this
// adapter feeds it what the lease, the database and the timers say, and carries out the
// effects it names. The database comes in through ports (replica-ports.ts): PostgreSQL in
// production (pg-replica-ports.ts), a model on virtual time in the simulator (runtime/sim/cluster/).
import { createActor, type Actor } from 'xstate';
import { REPLICA_EFFECTS, replicaMachine, type ReplicaEffect, type ReplicaEvent } from '../../machines/replica/replica.machine.ts';
import type { TimerId } from '../clock/clock.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { QueuedStore } from '../store/queued-store.ts';
import type { LeaseClaim } from './claimed-lease.ts';
import type { ReplicaOptions, ReplicaPorts, RoleJob } from './replica-ports.ts';
import { RoleJobs } from './role-jobs.ts';

export type { LeaseClaim } from './claimed-lease.ts';
export type * from './replica-ports.ts';

export const LEADER_LEASE = 'leader';

/** An event as the adapter reports it; `#send` stamps its time. */
type Report = ReplicaEvent extends infer E ? (E extends ReplicaEvent ? Omit<E, 'at'> : never) : never;
interface Effect {
  type: ReplicaEffect;
  params: { reason: string; delayMs: number; load: number };
}

export class Replica {
  readonly id: string;
  readonly lease: LeaseClaim;
  readonly #host: RegistryHost;
  readonly #ports: ReplicaPorts;
  /** The machine, running; its effects are collected as it names them, then carried out in order. */
  readonly #machine: Actor<typeof replicaMachine>;
  #named: Effect[] = [];
  /** The store of the current term as leader; null while standing by. */
  #term: QueuedStore | null = null;
  /** The store a candidate opened, until it leads with it. */
  #opened: QueuedStore | null = null;
  #timer: TimerId | null = null;
  /** Fires when the local claim lapses without a renew: stop serving at that instant, not at the next round. */
  #watchdog: TimerId | null = null;
  #loadRenew: TimerId | null = null;
  /** The round in flight, which `stop` waits for. */
  #round: Promise<void> = Promise.resolve();
  /** A resigning leader's hint: try to take over at once. */
  readonly #hint: RoleJob & { start(): Promise<void> };
  /** The standby heartbeats and the leader's absorbing of them. */
  readonly #jobs: RoleJobs;

  constructor(host: RegistryHost, ports: ReplicaPorts, options: ReplicaOptions) {
    this.id = options.id;
    this.lease = ports.lease;
    this.#host = host;
    this.#ports = ports;
    const named = Object.fromEntries(REPLICA_EFFECTS.map((type) => [type, (_: unknown, params: Effect['params']) => void this.#named.push({ type, params: params ?? {} })]));
    this.#machine = createActor(replicaMachine.provide({ actions: named }), { input: { leaseRenewMs: options.leaseRenewMs, at: ports.clock.now() } }).start();
    this.#jobs = new RoleJobs(host, ports, () => this.#standingBy());
    host.standingBy(`replica ${options.id} is standing by`);
    this.#hint = ports.resignations(() => void this.#send({ type: 'lease.released' }));
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
    this.#round = this.#runRound('start');
    await this.#round;
    await this.#hint.start();
    this.#send({ type: 'listening' });
    await this.#jobs.changed;
  }

  /** Leaves the election; a leader writes what it holds, then hands the lease over at once. */
  async stop(): Promise<void> {
    this.#send({ type: 'stop' });
    await this.#hint.stop();
    await this.#round;
    await this.#jobs.stopAll();
    await this.#send({ type: 'stop.drained' });
  }

  /** Whether standby heartbeats are wanted now (checked again when a standby job is ready). */
  #standingBy(): boolean {
    const state = this.#machine.getSnapshot();
    return !state.context.stopping && this.#term === null && state.status === 'active';
  }

  async #runRound(type: 'start' | 'tick'): Promise<void> {
    try {
      await this.#send({ type });
    } catch (error) {
      this.#send({ type: 'round.failed', reason: (error as Error).message, held: this.lease.held });
    }
    this.#send({ type: 'round.done' });
  }

  /** Feeds one event to the machine and carries out its effects in order, waiting on those that take time. */
  #send(event: Report): Promise<void> | undefined {
    this.#machine.send({ ...event, at: this.#ports.clock.now() } as ReplicaEvent);
    const effects = this.#named;
    this.#named = [];
    return this.#perform(effects, 0);
  }

  #perform(effects: readonly Effect[], from: number): Promise<void> | undefined {
    for (let i = from; i < effects.length; i++) {
      const pending = this.#effect(effects[i]!);
      if (pending) return pending.then(() => this.#perform(effects, i + 1));
    }
    return undefined;
  }

  #effect(effect: Effect): Promise<void> | undefined {
    const { lease } = this;
    const { params } = effect;
    switch (effect.type) {
      case 'acquireLease':
        return lease.acquire().then((won) => this.#send(won ? { type: 'lease.acquired', epoch: lease.epoch! } : { type: 'lease.refused' }));
      case 'renewLease':
        return lease.renew().then((renewed) => this.#send(renewed ? { type: 'lease.renewed' } : { type: 'lease.notRenewed', held: lease.held }));
      case 'lookUpLeader':
        return this.#noteLeader();
      case 'openTerm':
        return this.#openTerm();
      case 'renewWhileLoading':
        return void lease.renew().catch(() => false).then(() => this.#send({ type: 'load.renewed', load: params.load }));
      case 'quitStandby':
        return this.#jobs.quitStandby().then(() => this.#send({ type: 'standby.quit', held: lease.held }));
      case 'startServing':
        return this.#serve();
      case 'standBy':
        return this.#jobs.standBy();
      case 'fence':
        return this.#fence(params.reason);
      case 'stopServing':
        return this.#stopServing(params.reason);
      case 'handOver':
        return this.#handOver();
      case 'resignLease':
        return lease.resign().catch(() => {});
      case 'logRoundFailed':
        return void this.#ports.log.warn({ event: 'replica.election.failed', reason: params.reason }, 'lease round failed');
      default:
        return this.#timers(effect.type, params.delayMs);
    }
  }

  /** The three timers: the next round, the watchdog, and the renewals while loading. */
  #timers(type: ReplicaEffect, delayMs: number): undefined {
    const { clock } = this.#ports;
    const clear = (id: TimerId | null) => void (id !== null && clock.clearTimeout(id));
    if (type === 'scheduleTick') {
      this.#timer = clock.setTimeout(() => {
        this.#timer = null;
        this.#round = this.#runRound('tick');
      }, delayMs);
    } else if (type === 'cancelTick') {
      clear(this.#timer);
      this.#timer = null;
    } else if (type === 'armWatchdog' || type === 'clearWatchdog') {
      clear(this.#watchdog);
      this.#watchdog = null;
      if (type === 'clearWatchdog') return;
      this.#watchdog = clock.setTimeout(() => {
        this.#watchdog = null;
        this.#send({ type: 'lease.lapsed', held: this.lease.held });
      }, this.lease.remainingMs + 1);
    } else if (type === 'scheduleLoadRenew') {
      this.#loadRenew = clock.setTimeout(() => {
        this.#loadRenew = null;
        this.#send({ type: 'load.renewDue' });
      }, delayMs);
    } else if (type === 'cancelLoadRenew') {
      clear(this.#loadRenew);
      this.#loadRenew = null;
    }
    return undefined;
  }

  /**
   * Opens the term's store, which reads the cluster. The lease is renewed meanwhile (the
   * machine's load renewals): a large cluster takes longer to read than a lease lasts.
   */
  async #openTerm(): Promise<void> {
    const { log } = this.#ports;
    this.#opened = await this.#ports.openTerm({
      onRetry: (reason, attempt) => log.warn({ event: 'store.retry', reason, attempt }, `store write failed (${reason}); retrying`),
      onFatal: (reason) => void this.#send({ type: 'write.refused', reason }),
    });
    await this.#send({ type: 'load.done', held: this.lease.held });
  }

  /** Leads: the host builds its core (in steps, letting the lease's rounds run), then standbys' heartbeats are taken in. */
  #serve(): undefined {
    const epoch = this.lease.epoch!;
    const term = (this.#term = this.#opened);
    this.#opened = null;
    this.#jobs.absorbWhenBuilt(this.#host.lead({ replica: this.id, epoch }, this.#ports.coreSteps), () => this.#term === term);
    this.#ports.log.info({ event: 'replica.leading', replica: this.id, epoch }, `replica ${this.id} leads (epoch ${epoch})`);
    return undefined;
  }

  async #noteLeader(): Promise<void> {
    const leader = await this.#ports.leader();
    const who = leader?.live
      ? `the leader is ${leader.holder.split('/')[0]} at ${leader.grpc} (REST http://${leader.http}, epoch ${leader.epoch})`
      : 'no leader yet';
    this.#host.standingBy(`replica ${this.id} is standing by; ${who}`);
  }

  /** The term is over here: the lease is no longer claimed, and replies still waiting fail. */
  #fence(reason: string): undefined {
    const term = this.#term;
    this.#term = null;
    this.lease.lost();
    term?.abandon(reason);
    return undefined;
  }

  /** The host drops its memory and answers as a standby. */
  #stopServing(reason: string): undefined {
    this.#host.stepDown(reason);
    this.#jobs.stopAbsorbing();
    this.#host.standingBy(`replica ${this.id} is standing by after losing the lead: ${reason}`);
    this.#ports.log.warn({ event: 'replica.stepped-down', replica: this.id, reason }, `replica ${this.id} stepped down: ${reason}`);
    return undefined;
  }

  /** Leaving while leading: the registry writes what it holds; once durable, the lease goes back. */
  async #handOver(): Promise<void> {
    const term = this.#term;
    this.#host.stop();
    await term?.drained()?.catch(() => {});
    this.#term = null;
    await this.#send({ type: 'writes.settled' });
  }
}

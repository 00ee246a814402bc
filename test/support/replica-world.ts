// A model world for the replica machine (machines/replica/replica.machine.ts): replicas, one
// lease row judged by the database's clock, a local claim per replica that ends a margin before
// the row does (as ClaimedLease's), timers, and the operations in flight, all on one clock the
// test moves. Every effect the machine names is carried out here as the adapter
// (runtime/cluster/replica.ts) would; the test decides which operation ends next, whether it
// fails, and when time passes. It records what a real replica would be doing: serving, under
// which epoch.
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { replicaMachine, type ReplicaEvent } from '../../machines/replica/replica.machine.ts';

export const TTL_MS = 1_000;
export const MARGIN_MS = 200;
export const RENEW_MS = 300;

type Report = ReplicaEvent extends infer E ? (E extends ReplicaEvent ? Omit<E, 'at'> : never) : never;
type OpKind = 'acquire' | 'renew' | 'lookUp' | 'load' | 'quit' | 'settle' | 'resign';
interface Op {
  kind: OpKind;
  issuedAt: number;
  generation: number;
}
type TimerKind = 'tick' | 'watchdog' | 'loadRenew';

export class ModelReplica {
  readonly name: string;
  snapshot: SnapshotFrom<typeof replicaMachine>;
  /** The op the round (or the stop) waits on; a round ends when its chain does. */
  chain: Op | null = null;
  inRound = false;
  stopAsked = false;
  drained = false;
  /** Renewals while loading run beside the chain. */
  sideRenews: (Op & { load: number })[] = [];
  timers = new Map<TimerKind, number>();
  claim: { epoch: number; validUntil: number } | null = null;
  generation = 0;
  serving: number | null = null;
  effects: string[] = [];
  constructor(name: string, at: number) {
    this.name = name;
    this.snapshot = initialTransition(replicaMachine, { leaseRenewMs: RENEW_MS, at })[0];
  }
}

export class ReplicaWorld {
  now = 0;
  row: { holder: string; epoch: number; expiresAt: number } | null = null;
  readonly replicas: ModelReplica[];
  /** Every start of serving, in order: which replica, under which epoch. */
  readonly served: { name: string; epoch: number }[] = [];
  readonly problems: string[] = [];

  constructor(count: number) {
    this.replicas = Array.from({ length: count }, (_, i) => new ModelReplica(`r${i + 1}`, 0));
  }

  held(r: ModelReplica): boolean {
    return r.claim !== null && this.now < r.claim.validUntil;
  }

  start(r: ModelReplica): void {
    this.#round(r, 'start');
  }

  stop(r: ModelReplica): void {
    if (r.stopAsked) return;
    r.stopAsked = true;
    this.send(r, { type: 'stop' });
    this.#drainIfIdle(r);
  }

  send(r: ModelReplica, event: Report): void {
    const [next, actions] = transition(replicaMachine, r.snapshot, { ...event, at: this.now } as ReplicaEvent);
    r.snapshot = next;
    for (const action of actions) this.#effect(r, action.type, (action.params ?? {}) as { delayMs: number });
  }

  /** Ends `r`'s chained operation, as the database (or the load) answers it; `fail` makes it throw. */
  finish(r: ModelReplica, fail: boolean): void {
    const op = r.chain;
    if (!op) return;
    r.chain = null;
    if (fail && ['acquire', 'lookUp', 'load'].includes(op.kind)) this.send(r, { type: 'round.failed', reason: 'model failure', held: this.held(r) });
    else if (fail && op.kind === 'renew') this.send(r, { type: 'lease.notRenewed', held: this.held(r) }); // unreachable: the claim lapses by itself
    else this.#answer(r, op);
    if (!r.chain) this.#chainEnded(r);
  }

  /** Ends the oldest renewal made while loading. */
  finishSideRenew(r: ModelReplica): void {
    const op = r.sideRenews.shift();
    if (!op) return;
    this.#renew(r, op);
    this.send(r, { type: 'load.renewed', load: op.load });
  }

  /** Moves time on by `ms`, firing every timer that comes due meanwhile, in order. */
  advanceBy(ms: number): void {
    for (const end = this.now + ms; this.now < end; ) this.advance(end - this.now);
  }

  /** Moves time to the next timer due within `ms` (and fires it), or by `ms`. */
  advance(ms: number): void {
    let next: { r: ModelReplica; kind: TimerKind; due: number } | null = null;
    for (const r of this.replicas) for (const [kind, due] of r.timers) if (!next || due < next.due) next = { r, kind, due };
    if (!next || next.due > this.now + ms) return void (this.now += ms);
    this.now = Math.max(this.now, next.due);
    next.r.timers.delete(next.kind);
    if (next.kind === 'tick') this.#round(next.r, 'tick');
    else if (next.kind === 'watchdog') this.send(next.r, { type: 'lease.lapsed', held: this.held(next.r) });
    else this.send(next.r, { type: 'load.renewDue' });
  }

  #round(r: ModelReplica, type: 'start' | 'tick'): void {
    if (r.inRound) this.problems.push(`${r.name}: a round began while another was in flight`);
    r.inRound = true;
    this.send(r, { type });
    if (!r.chain) this.#chainEnded(r);
  }

  #chainEnded(r: ModelReplica): void {
    if (r.inRound) {
      r.inRound = false;
      this.send(r, { type: 'round.done' });
    }
    this.#drainIfIdle(r);
  }

  #drainIfIdle(r: ModelReplica): void {
    if (!r.stopAsked || r.drained || r.inRound || r.chain) return;
    r.drained = true;
    this.send(r, { type: 'stop.drained' });
  }

  #answer(r: ModelReplica, op: Op): void {
    switch (op.kind) {
      case 'acquire':
        return this.#acquire(r, op);
      case 'renew': {
        const renewed = this.#renew(r, op);
        return this.send(r, renewed ? { type: 'lease.renewed' } : { type: 'lease.notRenewed', held: this.held(r) });
      }
      case 'load':
        return this.send(r, { type: 'load.done', held: this.held(r) });
      case 'quit':
        return this.send(r, { type: 'standby.quit', held: this.held(r) });
      case 'settle':
        return this.send(r, { type: 'writes.settled' });
      case 'resign':
      case 'lookUp':
        return;
    }
  }

  /** The take: one conditional upsert by the database's clock; the local claim counts from the issue. */
  #acquire(r: ModelReplica, op: Op): void {
    if (this.held(r)) return this.send(r, this.#renew(r, op) ? { type: 'lease.acquired', epoch: r.claim!.epoch } : { type: 'lease.refused' });
    if (this.row && this.now < this.row.expiresAt) return this.send(r, { type: 'lease.refused' });
    const epoch = (this.row?.epoch ?? 0) + 1;
    this.row = { holder: r.name, epoch, expiresAt: this.now + TTL_MS };
    if (op.generation !== r.generation) return this.send(r, { type: 'lease.refused' });
    r.claim = { epoch, validUntil: op.issuedAt + TTL_MS - MARGIN_MS };
    this.send(r, { type: 'lease.acquired', epoch });
  }

  /** Extends the row if it is still ours, unexpired; a claim given up meanwhile stays given up. */
  #renew(r: ModelReplica, op: Op): boolean {
    const claim = r.claim;
    if (!claim || op.generation !== r.generation) return false;
    const row = this.row;
    if (!row || row.holder !== r.name || row.epoch !== claim.epoch || this.now >= row.expiresAt) {
      r.claim = null;
      return false;
    }
    row.expiresAt = this.now + TTL_MS;
    r.claim = { epoch: claim.epoch, validUntil: op.issuedAt + TTL_MS - MARGIN_MS };
    return true;
  }

  #chain(r: ModelReplica, kind: OpKind): void {
    if (r.chain) this.problems.push(`${r.name}: ${kind} began while ${r.chain.kind} was in flight`);
    r.chain = { kind, issuedAt: this.now, generation: r.generation };
  }

  #effect(r: ModelReplica, type: string, params: { delayMs: number }): void {
    r.effects.push(type);
    const timers: Record<string, TimerKind> = { scheduleTick: 'tick', scheduleLoadRenew: 'loadRenew' };
    const { load } = params as unknown as { load: number };
    const cleared: Record<string, TimerKind> = { cancelTick: 'tick', clearWatchdog: 'watchdog', cancelLoadRenew: 'loadRenew' };
    const chained: Record<string, OpKind> = { acquireLease: 'acquire', renewLease: 'renew', lookUpLeader: 'lookUp', openTerm: 'load', quitStandby: 'quit', handOver: 'settle', resignLease: 'resign' };
    if (timers[type]) {
      if (r.timers.has(timers[type])) this.problems.push(`${r.name}: ${type} while one was pending`);
      r.timers.set(timers[type], this.now + params.delayMs);
    } else if (cleared[type]) r.timers.delete(cleared[type]);
    else if (chained[type]) this.#chain(r, chained[type]);
    else if (type === 'armWatchdog') r.timers.set('watchdog', this.now + (this.held(r) ? r.claim!.validUntil - this.now : 0) + 1);
    else if (type === 'renewWhileLoading') r.sideRenews.push({ kind: 'renew', issuedAt: this.now, generation: r.generation, load });
    else if (type === 'startServing') this.#serve(r);
    else if (type === 'fence') this.#giveUp(r);
    if (type === 'stopServing' || type === 'handOver') r.serving = null;
    if (type === 'resignLease') this.#resign(r);
  }

  /** As ClaimedLease.lost: the claim goes, and nothing in flight can bring it back. */
  #giveUp(r: ModelReplica): void {
    r.claim = null;
    r.generation++;
  }

  #resign(r: ModelReplica): void {
    const epoch = r.claim?.epoch;
    this.#giveUp(r);
    if (epoch !== undefined && this.row?.holder === r.name && this.row.epoch === epoch) this.row.expiresAt = this.now;
  }

  #serve(r: ModelReplica): void {
    const epoch = r.claim?.epoch ?? -1;
    if (!this.held(r)) this.problems.push(`${r.name} began serving without holding the lease`);
    for (const s of this.served) if (s.epoch >= epoch) this.problems.push(`${r.name} serves epoch ${epoch} after ${s.name} served epoch ${s.epoch}`);
    r.serving = epoch;
    this.served.push({ name: r.name, epoch });
  }

  /** What must hold at every instant: who serves holds the row, unexpired, under its epoch. */
  check(): void {
    const serving = this.replicas.filter((r) => r.serving !== null);
    for (const r of serving) {
      const row = this.row;
      if (!row || row.holder !== r.name || row.epoch !== r.serving || this.now >= row.expiresAt) {
        this.problems.push(`${r.name} serves epoch ${r.serving} at ${this.now}, but the lease row is ${JSON.stringify(row)}`);
      }
    }
  }
}

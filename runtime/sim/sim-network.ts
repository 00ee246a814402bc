// The simulator's network between the registry and each worker node: per-message latency
// with jitter, loss, duplication, and partitions that cut a node off in both directions.
// Each direction of a node's link is ordered, as the TCP connection under gRPC is: a message
// never overtakes one sent before it the same way (it waits for it, as the fault proxy's
// pipelined latency toxic makes it wait). Every decision draws from the simulation's one
// seeded generator.
import type { SeededRandom } from '../../machines/random.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';

export interface LinkConditions {
  meanMs: number;
  jitterMs: number;
  loss: number;
  duplicate: number;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  cut: number;
  duplicated: number;
}

export type CallResult<R> = { ok: true; reply: R } | { ok: false; code: 'DEADLINE_EXCEEDED' | 'UNAVAILABLE' };

export const REGISTRY_NODE = 'registry';

/** Which way a message travels on a node's link: `up` from the worker to the registry. */
export type Way = 'up' | 'down';
const reverse = (way: Way): Way => (way === 'up' ? 'down' : 'up');

export class SimNetwork {
  readonly #clock: VirtualClock;
  readonly #random: SeededRandom;
  conditions: LinkConditions;
  /** Nodes cut off, with how many overlapping partitions hold each. */
  readonly #cut = new Map<string, number>();
  /** Per-node latency overrides (a latency fault on one worker's link). */
  readonly #latencyOf = new Map<string, { meanMs: number; jitterMs: number }>();
  /** Nodes whose connections are reset as they carry data: every call fails at once. */
  readonly #resetting = new Set<string>();
  /** Nodes whose replies are lost: requests land, answers never come back. */
  readonly #losingReplies = new Set<string>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, cut: 0, duplicated: 0 };
  /** The latest arrival time scheduled on each node's link, per direction: one entry per node, looked up once per call. */
  readonly #lastArrival = new Map<string, Record<Way, number>>();

  constructor(clock: VirtualClock, random: SeededRandom, conditions: LinkConditions) {
    this.#clock = clock;
    this.#random = random;
    this.conditions = conditions;
  }

  partition(node: string): void {
    this.#cut.set(node, (this.#cut.get(node) ?? 0) + 1);
  }

  /** Ends one partition of `node`; it is reachable again when no other partition holds it. */
  heal(node: string): void {
    const count = (this.#cut.get(node) ?? 0) - 1;
    if (count > 0) this.#cut.set(node, count);
    else this.#cut.delete(node);
  }

  isCut(node: string): boolean {
    return this.#cut.has(node);
  }

  setLatency(node: string, meanMs: number, jitterMs: number): void {
    this.#latencyOf.set(node, { meanMs, jitterMs });
  }

  setResetting(node: string, on: boolean): void {
    if (on) this.#resetting.add(node);
    else this.#resetting.delete(node);
  }

  setLosingReplies(node: string, on: boolean): void {
    if (on) this.#losingReplies.add(node);
    else this.#losingReplies.delete(node);
  }

  /** Removes this node's latency, reset and lost-reply faults (partitions are healed one by one). */
  clearFaults(node: string): void {
    this.#latencyOf.delete(node);
    this.#resetting.delete(node);
    this.#losingReplies.delete(node);
  }

  #latency(node: string): number {
    const { meanMs, jitterMs } = this.#latencyOf.get(node) ?? this.conditions;
    const jitter = jitterMs > 0 ? (this.#random.next() * 2 - 1) * jitterMs : 0;
    return Math.max(0, Math.round(meanMs + jitter));
  }

  /** Sends one message from the registry to `node`; `deliver` runs on arrival, if it arrives. */
  send(node: string, deliver: () => void): void {
    this.#transmit(node, this.#link(node), 'down', deliver, null);
  }

  #link(node: string): Record<Way, number> {
    let link = this.#lastArrival.get(node);
    if (!link) this.#lastArrival.set(node, (link = { up: 0, down: 0 }));
    return link;
  }

  /** When a message sent now with this latency arrives: never before one sent earlier the same way. */
  #arrival(link: Record<Way, number>, way: Way, latencyMs: number): number {
    const at = Math.max(this.#clock.now() + latencyMs, link[way]);
    link[way] = at;
    return at;
  }

  /**
   * Sends one message; `deliver` runs on arrival, `lost` (if given) when it is dropped — now,
   * or on arrival if a partition began meanwhile. Returns the arrival time, or null if dropped now.
   */
  #transmit(node: string, link: Record<Way, number>, way: Way, deliver: () => void, lost: (() => void) | null): number | null {
    this.stats.sent++;
    if (this.#cut.has(node)) {
      this.stats.cut++;
      lost?.();
      return null;
    }
    const { loss, duplicate } = this.conditions;
    if (loss > 0 && this.#random.chance(loss)) {
      this.stats.lost++;
      lost?.();
      return null;
    }
    const arrive = () => {
      // A partition that starts while the message is in flight cuts it too.
      if (this.#cut.has(node)) {
        this.stats.cut++;
        lost?.();
        return;
      }
      this.stats.delivered++;
      deliver();
    };
    const arrival = this.#arrival(link, way, this.#latency(node));
    this.#clock.setTimeout(arrive, arrival - this.#clock.now());
    if (duplicate > 0 && this.#random.chance(duplicate)) {
      this.stats.duplicated++;
      this.#clock.setTimeout(arrive, this.#arrival(link, way, this.#latency(node)) - this.#clock.now());
    }
    return arrival;
  }

  /**
   * A request/response call between `node` and its peer. `serve` runs where the request lands
   * and answers through `respond` (now or later), `refuse` (UNAVAILABLE: a standby replica, a
   * refused connection) or `drop` (that end is down and silent); `done` gets the
   * reply, or DEADLINE_EXCEEDED at `timeoutMs` after the call if no reply arrives by then.
   * Exactly once. A timer is set only for the outcome that will happen, never one to cancel.
   * `caller` is the end that makes the call: the worker node, or the registry dialling it in.
   */
  call<R>(
    node: string,
    serve: (respond: (reply: R) => void, drop: () => void, refuse: () => void) => void,
    done: (result: CallResult<R>) => void,
    timeoutMs: number,
    caller: 'worker' | 'registry' = 'worker',
  ): void {
    const way: Way = caller === 'worker' ? 'up' : 'down';
    const link = this.#link(node);
    const deadline = this.#clock.now() + timeoutMs;
    let settled = false;
    if (this.#resetting.has(node)) {
      // The connection is reset as soon as it carries the request: the caller hears at once.
      this.#clock.setTimeout(() => done({ ok: false, code: 'UNAVAILABLE' }), this.#latency(node));
      return;
    }
    const fail = () => {
      if (settled) return;
      settled = true;
      done({ ok: false, code: 'DEADLINE_EXCEEDED' });
    };
    const failAtDeadline = () => {
      if (!settled) this.#clock.setTimeout(fail, Math.max(0, deadline - this.#clock.now()));
    };
    const answer = (result: CallResult<R>) => {
      if (this.#losingReplies.has(node)) {
        this.stats.lost++;
        return failAtDeadline();
      }
      const arrival = this.#transmit(
        node,
        link,
        reverse(way),
        () => {
          if (settled) return;
          settled = true;
          done(result);
        },
        failAtDeadline,
      );
      if (arrival !== null && arrival > deadline) failAtDeadline();
    };
    const respond = (reply: R) => answer({ ok: true, reply });
    const refuse = () => answer({ ok: false, code: 'UNAVAILABLE' });
    const arrival = this.#transmit(node, link, way, () => serve(respond, failAtDeadline, refuse), failAtDeadline);
    // A request that lands after the deadline is still served (the caller just stops waiting).
    if (arrival !== null && arrival > deadline) failAtDeadline();
  }
}

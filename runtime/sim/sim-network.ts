// The simulator's network between the registry and each worker node: per-message latency
// with jitter, loss, duplication, and partitions that cut a node off in both directions.
// Every decision draws from the simulation's one seeded generator.
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

export type CallResult<R> = { ok: true; reply: R } | { ok: false; code: 'DEADLINE_EXCEEDED' };

export const REGISTRY_NODE = 'registry';

export class SimNetwork {
  readonly #clock: VirtualClock;
  readonly #random: SeededRandom;
  conditions: LinkConditions;
  /** Nodes cut off, with how many overlapping partitions hold each. */
  readonly #cut = new Map<string, number>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, cut: 0, duplicated: 0 };

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

  #latency(): number {
    const { meanMs, jitterMs } = this.conditions;
    const jitter = jitterMs > 0 ? (this.#random.next() * 2 - 1) * jitterMs : 0;
    return Math.max(0, Math.round(meanMs + jitter));
  }

  /** Sends one message between the registry and `node`; `deliver` runs on arrival, if it arrives. */
  send(node: string, deliver: () => void): void {
    this.stats.sent++;
    if (this.#cut.has(node)) {
      this.stats.cut++;
      return;
    }
    const { loss, duplicate } = this.conditions;
    if (loss > 0 && this.#random.chance(loss)) {
      this.stats.lost++;
      return;
    }
    const arrive = () => {
      // A partition that starts while the message is in flight cuts it too.
      if (this.#cut.has(node)) {
        this.stats.cut++;
        return;
      }
      this.stats.delivered++;
      deliver();
    };
    this.#clock.setTimeout(arrive, this.#latency());
    if (duplicate > 0 && this.#random.chance(duplicate)) {
      this.stats.duplicated++;
      this.#clock.setTimeout(arrive, this.#latency());
    }
  }

  /**
   * A request/response call between `node` and its peer. `serve` runs where the request lands
   * and answers through `respond` (now or later, or never if that end is down); `done` gets
   * the reply, or DEADLINE_EXCEEDED once `timeoutMs` has passed without one. Exactly once.
   */
  call<R>(node: string, serve: (respond: (reply: R) => void) => void, done: (result: CallResult<R>) => void, timeoutMs: number): void {
    let settled = false;
    const timer = this.#clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      done({ ok: false, code: 'DEADLINE_EXCEEDED' });
    }, timeoutMs);
    this.send(node, () =>
      serve((reply) =>
        this.send(node, () => {
          if (settled) return;
          settled = true;
          this.#clock.clearTimeout(timer);
          done({ ok: true, reply });
        }),
      ),
    );
  }
}

// Real mode's faults on workers' links: each a toxic (or a cut) on every proxy of the named
// workers, logged as the simulator logs it; durations are production time, run × scale.
import type { FaultProxy } from '../../proxy/fault-proxy.ts';
import type { LogFields } from '../../events/log-entry.ts';
import { ms } from '../duration.ts';
import type { ActionContext } from './action-context.ts';

export class LinkFaults {
  readonly #ctx: ActionContext;

  constructor(ctx: ActionContext) {
    this.#ctx = ctx;
  }

  async #fault(type: string, names: readonly string[], fields: LogFields, apply: (proxy: FaultProxy) => Promise<void>): Promise<void> {
    this.#ctx.note(`${type.replace('fault.', '')} ${names.join(' ')}`);
    this.#ctx.log.write(type, { nodes: [...names], ...fields });
    await Promise.all(names.flatMap((name) => this.#ctx.cluster.proxiesOf(name).map(apply)));
  }

  partition(names: readonly string[]): Promise<void> {
    return this.#fault('fault.partition', names, { forMs: 0 }, (p) => p.partition());
  }

  heal(names: readonly string[]): Promise<void> {
    return this.#fault('fault.heal', names, {}, (p) => p.enable());
  }

  latency(names: readonly string[], latency: string | number, jitter: string | number): Promise<void> {
    const [realMs, realJitterMs] = [this.#ctx.real(latency), this.#ctx.real(jitter)];
    const fields = { latencyMs: ms(latency), jitterMs: ms(jitter) };
    return this.#fault('fault.latency', names, fields, async (p) => {
      await p.latency(realMs, realJitterMs, 'upstream');
      await p.latency(realMs, realJitterMs, 'downstream');
    });
  }

  resetPeer(names: readonly string[]): Promise<void> {
    return this.#fault('fault.reset', names, {}, async (p) => {
      await p.resetPeer(0, 'upstream');
      await p.resetPeer(0, 'downstream');
    });
  }

  bandwidth(names: readonly string[], kbps: number): Promise<void> {
    return this.#fault('fault.bandwidth', names, { kbps }, async (p) => {
      await p.bandwidth(kbps, 'upstream');
      await p.bandwidth(kbps, 'downstream');
    });
  }

  /** Replies held back past three RPC deadlines: requests land, the worker never hears in time. */
  loseReplies(names: readonly string[]): Promise<void> {
    const realMs = 3 * this.#ctx.settings.worker.rpcTimeoutMs;
    return this.#fault('fault.lose-replies', names, {}, (p) => p.latency(realMs, 0, 'downstream'));
  }

  blackhole(names: readonly string[], after: string | number): Promise<void> {
    // A timeout toxic of 0 never closes: keep a positive `after` positive once scaled.
    const realMs = ms(after) > 0 ? Math.max(1, this.#ctx.real(after)) : 0;
    return this.#fault('fault.blackhole', names, { afterMs: ms(after) }, async (p) => {
      await p.timeout(realMs, 'upstream');
      await p.timeout(realMs, 'downstream');
    });
  }

  clear(names: readonly string[]): Promise<void> {
    return this.#fault('fault.clear', names, {}, async (p) => {
      await p.clear();
      await p.enable();
    });
  }
}

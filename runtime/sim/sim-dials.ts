// The reconnect monitor's dial-ins in the simulator: the registry's `dial` port over the
// simulated network, with the connection each dial holds counted per node, as the real dialer's
// sockets are (a dial holds one from its start until it answers, runs out or is cancelled).
// A worker that is stopped (SIGSTOP) takes the Attach only when it runs again, and only if the
// dial is still open by then: a real dialer sends its request once the worker's HTTP/2 answers.
// A worker that is down answers nothing: its dial runs out at the deadline.
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { SimNetwork } from './sim-network.ts';
import type { SimWorker } from './sim-worker.ts';

/** The node a member lives on: the host part of its agent address. */
export function nodeOf(member: MemberReadout): string {
  return member.address.slice(0, member.address.lastIndexOf(':'));
}

export class SimDials {
  readonly #network: SimNetwork;
  readonly #workerOn: (node: string) => SimWorker | undefined;
  readonly #timeoutMs: number;
  readonly #open = new Map<string, number>();

  constructor(network: SimNetwork, workerOn: (node: string) => SimWorker | undefined, timeoutMs: number) {
    this.#network = network;
    this.#workerOn = workerOn;
    this.#timeoutMs = timeoutMs;
  }

  /** Connections the registry holds open to `node` for its dial-ins. */
  open(node: string): number {
    return this.#open.get(node) ?? 0;
  }

  /** The registry's `dial` port: `done(ok)` once, unless `signal` aborts first. */
  dial(member: MemberReadout, done: (ok: boolean) => void, signal?: AbortSignal): void {
    const node = nodeOf(member);
    let open = true;
    this.#count(node, 1);
    const close = (): boolean => {
      if (!open) return false;
      open = false;
      this.#count(node, -1);
      return true;
    };
    signal?.addEventListener('abort', close, { once: true });
    this.#network.call<boolean>(
      node,
      (respond, drop) => {
        let answered = false;
        this.#workerOn(node)?.attach(
          () => open,
          (accepted) => {
            answered = true;
            if (accepted) respond(true);
            else drop();
          },
        );
        // Nothing answered now (down, stopped): the dial runs out at its deadline, unless a late answer beats it.
        if (!answered) drop();
      },
      (result) => {
        signal?.removeEventListener('abort', close);
        if (close()) done(result.ok);
      },
      this.#timeoutMs,
      'registry',
    );
  }

  #count(node: string, by: number): void {
    const count = this.open(node) + by;
    if (count > 0) this.#open.set(node, count);
    else this.#open.delete(node);
  }
}

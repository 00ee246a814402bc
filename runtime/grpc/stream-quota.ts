// A cap on the long-lived streams (HeartbeatStream, Tasks) one peer address holds open at once,
// so a client cannot pin the registry's memory by opening streams without end. A stream over
// the cap is refused with RESOURCE_EXHAUSTED; its slot is given back when it ends, however.
import type { ServerDuplexStream, ServerWritableStream } from '@grpc/grpc-js';
import { peerHost } from './register-handlers.ts';
import { statusOf } from './rpc-status.ts';

type StreamCall = ServerDuplexStream<unknown, unknown> | ServerWritableStream<unknown, unknown>;

export class StreamQuota {
  readonly max: number;
  readonly #open = new Map<string, number>();

  constructor(max: number) {
    if (!(max >= 1)) throw new Error(`maxStreamsPerPeer must be at least 1, got ${max}`);
    this.max = max;
  }

  /** Streams open from `peer`. */
  openFrom(peer: string): number {
    return this.#open.get(peer) ?? 0;
  }

  /** A slot for `peer` and the function that gives it back (once), or undefined at the cap. */
  take(peer: string): (() => void) | undefined {
    const open = this.openFrom(peer);
    if (open >= this.max) return undefined;
    this.#open.set(peer, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.openFrom(peer) - 1;
      if (left > 0) this.#open.set(peer, left);
      else this.#open.delete(peer);
    };
  }

  /**
   * Admits a stream call: true when it got a slot (given back when the call ends), false when
   * it was refused and ended with RESOURCE_EXHAUSTED.
   */
  admit(call: StreamCall, rpc: string): boolean {
    const peer = peerHost(call.getPeer()) ?? call.getPeer();
    const release = this.take(peer);
    if (!release) {
      call.on('error', () => {});
      const message = `too many open streams from ${peer}: at most ${this.max} HeartbeatStream and Tasks streams per peer address (maxStreamsPerPeer); ${rpc} refused`;
      call.emit('error', statusOf({ code: 'RESOURCE_EXHAUSTED', message, reason: 'resource_exhausted' }));
      return false;
    }
    for (const event of ['close', 'finish', 'cancelled', 'error']) call.once(event, release);
    return true;
  }
}

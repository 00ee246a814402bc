// The reconnect monitor's dial-ins in flight, each with the member it is for, so that removing
// a member (or stopping the registry) ends its dials at once instead of leaving each to run out
// its dialTimeout with a connection open (issue #16).

export class DialsInFlight {
  readonly #dials = new Map<AbortController, string>();

  /** A new dial to `memberId`: its signal aborts when the dial is cancelled. */
  start(memberId: string): AbortController {
    const dial = new AbortController();
    this.#dials.set(dial, memberId);
    return dial;
  }

  /** The dial answered (or ran out): it is no longer in flight. */
  end(dial: AbortController): void {
    this.#dials.delete(dial);
  }

  /** Aborts the dials to `memberId` (to anyone, if not given), with `reason`. */
  cancel(reason: string, memberId?: string): void {
    for (const [dial, id] of this.#dials) {
      if (memberId !== undefined && id !== memberId) continue;
      this.#dials.delete(dial);
      dial.abort(reason);
    }
  }

  /** Dials in flight to `memberId`, or to anyone. */
  count(memberId?: string): number {
    let count = 0;
    for (const id of this.#dials.values()) if (memberId === undefined || id === memberId) count++;
    return count;
  }
}

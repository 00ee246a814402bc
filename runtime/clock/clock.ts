// The Clock port: what time it is and how to be called back later. XState's actors accept
// the same `setTimeout`/`clearTimeout` pair, so one clock drives machines and runtime alike.

export type TimerId = number;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, delayMs: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** Wall-clock time for production. */
export class SystemClock implements Clock {
  readonly #timers = new Map<TimerId, NodeJS.Timeout>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    const id = this.#nextId++;
    const handle = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, delayMs);
    this.#timers.set(id, handle);
    return id;
  }

  clearTimeout(id: TimerId): void {
    const handle = this.#timers.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.#timers.delete(id);
  }
}

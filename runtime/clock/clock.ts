// The Clock port: what time it is and how to be called back later. XState's actors accept
// the same `setTimeout`/`clearTimeout` pair, so one clock drives machines and runtime alike.

/**
 * What `setTimeout` hands back for `clearTimeout`: the clock's own handle for the timer (Node's
 * Timeout, the virtual clock's timer), so clearing one needs no lookup.
 */
export type TimerId = object;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, delayMs: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** Wall-clock time for production. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    return setTimeout(fn, delayMs);
  }

  clearTimeout(id: TimerId): void {
    clearTimeout(id as NodeJS.Timeout);
  }
}

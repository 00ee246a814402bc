// Samples of the heartbeats the serving registry has accepted, written into a run's log as
// `heartbeats {count}` entries (a running count; a restarted registry counts from zero again)
// every heartbeat interval, so the report can plot the heartbeat rate over time. In the
// simulator they are taken between timers, so they change nothing that happens.

/** Runs `runUntil` in steps, logging a sample at each multiple of `everyMs` on the way. */
export class HeartbeatSampler {
  readonly #everyMs: number;
  readonly #count: () => number | null;
  readonly #write: (t: number, count: number) => void;
  #nextMs: number;

  constructor(everyMs: number, count: () => number | null, write: (t: number, count: number) => void) {
    this.#everyMs = Math.max(1, everyMs);
    this.#nextMs = this.#everyMs;
    this.#count = count;
    this.#write = write;
  }

  /** Virtual time up to `untilMs`, sampling on the way: one `runUntil(untilMs)` in pieces (the same timers, in the same order, nothing awaited between). */
  passSync(untilMs: number, runUntil: (ms: number) => void): void {
    for (; this.#nextMs <= untilMs; this.#nextMs += this.#everyMs) {
      runUntil(this.#nextMs);
      this.sample(this.#nextMs);
    }
    runUntil(untilMs);
  }

  /** As `passSync`, for a clock whose steps settle promises (`runUntilSettled`). */
  async passSettled(untilMs: number, runUntil: (ms: number) => Promise<void>): Promise<void> {
    for (; this.#nextMs <= untilMs; this.#nextMs += this.#everyMs) {
      await runUntil(this.#nextMs);
      this.sample(this.#nextMs);
    }
    await runUntil(untilMs);
  }

  sample(t: number): void {
    const count = this.#count();
    if (count !== null) this.#write(t, count);
  }
}

/** Real mode: samples every `everyMs` of real time until stopped. */
export function sampleEvery(everyMs: number, take: () => Promise<void>): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      if (!stopped) await take();
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

// Heartbeats per second over a sliding window, from the core's running count sampled every few
// seconds and whenever someone asks (GET /api/workers/stats, the dashboard's summary). Time comes in as an argument, so a virtual clock works.

interface Sample {
  atMs: number;
  count: number;
}

export class HeartbeatRate {
  readonly #windowMs: number;
  readonly #samplesMax: number;
  #samples: Sample[] = [];

  constructor(windowMs = 60_000, samplesMax = 120) {
    this.#windowMs = windowMs;
    this.#samplesMax = samplesMax;
  }

  /** Records the count at `nowMs` and returns the rate since the oldest sample in the window. */
  sample(count: number, nowMs: number): number {
    const last = this.#samples.at(-1);
    // A restarted core counts from zero again: start over.
    if (last && (count < last.count || nowMs < last.atMs)) this.#samples = [];
    this.#samples.push({ atMs: nowMs, count });
    while (this.#samples.length > 2 && (nowMs - this.#samples[1]!.atMs >= this.#windowMs || this.#samples.length > this.#samplesMax)) {
      this.#samples.shift();
    }
    const first = this.#samples[0]!;
    const spanMs = nowMs - first.atMs;
    if (spanMs <= 0) return 0;
    return Math.round(((count - first.count) / spanMs) * 1000 * 100) / 100;
  }
}

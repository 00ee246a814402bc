// Latencies kept as a log-scale histogram (buckets 1 % wide) so that the heartbeat bench can
// add up the histograms of several load-generator processes and read percentiles of the whole.
// Serialised as [bucket, count] pairs.

/** Buckets per factor e of latency: each bucket spans about 1 %. */
const PER_E = 100;

export type HistogramPairs = [number, number][];

export class LatencyHistogram {
  readonly #counts = new Map<number, number>();
  #total = 0;

  get count(): number {
    return this.#total;
  }

  /** Records one latency in milliseconds (anything under 1 µs counts as 1 µs). */
  record(ms: number): void {
    const bucket = Math.round(Math.log(Math.max(1, ms * 1000)) * PER_E);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
    this.#total++;
  }

  add(pairs: HistogramPairs): void {
    for (const [bucket, count] of pairs) {
      this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + count);
      this.#total += count;
    }
  }

  pairs(): HistogramPairs {
    return [...this.#counts];
  }

  /** The latency in ms at quantile `q` (0.99 for p99), to within the 1 % of its bucket; 0 if empty. */
  quantile(q: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.min(this.#total - 1, Math.floor(q * this.#total));
    let seen = 0;
    for (const bucket of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(bucket)!;
      if (seen > rank) return Math.exp(bucket / PER_E) / 1000;
    }
    return 0;
  }
}

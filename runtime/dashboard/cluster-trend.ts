// The cluster over the last hour, for the dashboard's charts and GET /api/workers/stats/history:
// members by state and the heartbeat rate, one sample every `everyMs` (10 s) in a ring of
// `keep` (360: an hour), taken by the registry process (the core keeps no history). Time and
// counts come in as arguments, so a virtual clock works. docs/dashboard.md.
import type { MemberStateName } from '../../machines/member.machine.ts';

export interface TrendSample {
  /** When, in ms since the epoch (the registry's clock). */
  at: number;
  byState: Readonly<Record<MemberStateName, number>>;
  /** Heartbeats per second since the sample before; null for the first one or after a restart. */
  heartbeatsPerSecond: number | null;
}

/** What the registry is asked for at each sample: its clock, its counts, its running heartbeat count. */
export interface TrendReading {
  at: number;
  byState: Readonly<Record<MemberStateName, number>>;
  heartbeats: number;
}

export class ClusterTrend {
  readonly everyMs: number;
  readonly #keep: number;
  /** Each sample with the running heartbeat count it was taken at. */
  #kept: { sample: TrendSample; heartbeats: number }[] = [];

  constructor(everyMs = 10_000, keep = 360) {
    this.everyMs = everyMs;
    this.#keep = keep;
  }

  /** True when a sample is due at `nowMs` (none yet, or the last one `everyMs` old). */
  due(nowMs: number): boolean {
    const last = this.#kept.at(-1)?.sample;
    return !last || nowMs - last.at >= this.everyMs || nowMs < last.at;
  }

  /** Records a reading, its rate since the sample before; the oldest sample goes once `keep` are held. */
  record(reading: TrendReading): void {
    const last = this.#kept.at(-1);
    this.#kept.push({ sample: sampleOf(reading, last), heartbeats: reading.heartbeats });
    if (this.#kept.length > this.#keep) this.#kept.shift();
  }

  /**
   * The samples, oldest first, then `current` as it would be recorded now (not kept, nor
   * added within a second of the last sample). Its rate is taken since the newest sample at
   * least `everyMs` old, so a read just after a sample does not show a rate of a few seconds.
   */
  samples(current?: TrendReading): TrendSample[] {
    const samples = this.#kept.map((k) => k.sample);
    const last = samples.at(-1);
    if (!current || (last && current.at - last.at < 1000)) return samples;
    const since = this.#kept.findLast((k) => current.at - k.sample.at >= this.everyMs) ?? this.#kept[0];
    return [...samples, sampleOf(current, since)];
  }
}

/** A sample of `reading`, with its heartbeat rate since `before` (null without one, after a restart, or when the clock went back). */
function sampleOf(reading: TrendReading, before: { sample: TrendSample; heartbeats: number } | undefined): TrendSample {
  // A restarted core counts heartbeats from zero again.
  const comparable = before && reading.at > before.sample.at && reading.heartbeats >= before.heartbeats;
  const rate = comparable ? ((reading.heartbeats - before.heartbeats) * 1000) / (reading.at - before.sample.at) : null;
  return { at: reading.at, byState: { ...reading.byState }, heartbeatsPerSecond: rate === null ? null : Math.round(rate * 1000) / 1000 };
}

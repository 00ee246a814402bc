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
  #samples: TrendSample[] = [];
  #lastHeartbeats = 0;

  constructor(everyMs = 10_000, keep = 360) {
    this.everyMs = everyMs;
    this.#keep = keep;
  }

  /** True when a sample is due at `nowMs` (none yet, or the last one `everyMs` old). */
  due(nowMs: number): boolean {
    const last = this.#samples.at(-1);
    return !last || nowMs - last.at >= this.everyMs || nowMs < last.at;
  }

  /** Records a reading; the oldest sample goes once `keep` are held. */
  record(reading: TrendReading): void {
    this.#samples.push(this.#sampleOf(reading));
    this.#lastHeartbeats = reading.heartbeats;
    if (this.#samples.length > this.#keep) this.#samples.shift();
  }

  /** The samples, oldest first, then `current` as it would be recorded now (not kept). */
  samples(current?: TrendReading): TrendSample[] {
    const last = this.#samples.at(-1);
    if (!current || (last && current.at - last.at < 1000)) return [...this.#samples];
    return [...this.#samples, this.#sampleOf(current)];
  }

  #sampleOf(reading: TrendReading): TrendSample {
    const last = this.#samples.at(-1);
    // A restarted core counts heartbeats from zero again; a clock that went back gives no rate.
    const comparable = last && reading.at > last.at && reading.heartbeats >= this.#lastHeartbeats;
    const rate = comparable ? ((reading.heartbeats - this.#lastHeartbeats) * 1000) / (reading.at - last.at) : null;
    return { at: reading.at, byState: { ...reading.byState }, heartbeatsPerSecond: rate === null ? null : Math.round(rate * 1000) / 1000 };
  }
}

// The registry's own view of the heartbeat bench's window, as a cross-check of the load
// generators' round trips: its heartbeat-handling histogram (rollcall_heartbeat_handling_seconds,
// docs/api.md, "Metrics") read from /metrics when the window opens and when it closes, the
// difference being the heartbeats the registry handled meanwhile and how long each took.

/** One scrape of the gRPC series: cumulative counts per upper bound (s, +Inf last), sum (s), count. */
export interface HandlingScrape {
  buckets: [number, number][];
  sumSeconds: number;
  count: number;
}

export interface ServerHandling {
  /** Heartbeats the registry handled in the window (compare with the acks the generators counted). */
  count: number;
  meanUs: number;
  /** Upper bounds of the buckets holding the quantile, in ms: the histogram says no more. */
  p50AtMostMs: number;
  p99AtMostMs: number;
}

const SERIES = 'rollcall_heartbeat_handling_seconds';

/** Reads the gRPC series of the histogram from `metricsUrl`. */
export async function scrapeHandling(metricsUrl: string): Promise<HandlingScrape> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${metricsUrl} answered ${response.status}`);
  const scrape: HandlingScrape = { buckets: [], sumSeconds: 0, count: 0 };
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith(SERIES) || !line.includes('api="grpc"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (line.startsWith(`${SERIES}_bucket`) && le) scrape.buckets.push([le === '+Inf' ? Infinity : Number(le), value]);
    else if (line.startsWith(`${SERIES}_sum`)) scrape.sumSeconds = value;
    else if (line.startsWith(`${SERIES}_count`)) scrape.count = value;
  }
  return scrape;
}

function atMostMs(buckets: [number, number][], rank: number): number {
  const bucket = buckets.find(([, cumulative]) => cumulative >= rank);
  return bucket ? bucket[0] * 1000 : Infinity;
}

/** What the registry handled between two scrapes. */
export function handlingBetween(before: HandlingScrape, after: HandlingScrape): ServerHandling {
  const count = after.count - before.count;
  const buckets = after.buckets.map(([le, cumulative]): [number, number] => [le, cumulative - (before.buckets.find(([b]) => b === le)?.[1] ?? 0)]);
  return {
    count,
    meanUs: count > 0 ? ((after.sumSeconds - before.sumSeconds) / count) * 1e6 : 0,
    p50AtMostMs: count > 0 ? atMostMs(buckets, count * 0.5) : 0,
    p99AtMostMs: count > 0 ? atMostMs(buckets, count * 0.99) : 0,
  };
}

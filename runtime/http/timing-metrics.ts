// The registry's histograms, in seconds (docs/api.md, "Metrics"): how long handling one
// heartbeat takes (the core call, timed by the API that carried it), how long a silent member
// went unnoticed (from its last heartbeat to the transition that marked it unhealthy or failed,
// as the core reports it), and how long REST requests take, by route template (never the raw
// URL: one series per route, not per worker). The heartbeat one is kept by hand
// (metrics/exposition.ts), not by prom-client: it is observed on every heartbeat, and
// prom-client's observe cost more than the clock reads around the call (docs/performance.md).
import { Histogram, type Registry as PromRegistry } from 'prom-client';
import { Histogram as SeriesHistogram, type Family } from '../metrics/exposition.ts';

export type HeartbeatApi = 'grpc' | 'rest';

export interface TimingMetrics {
  observeHeartbeat(api: HeartbeatApi, seconds: number): void;
  /** A member marked `state` after `silentMs` without a heartbeat. */
  observeDetection(state: string, silentMs: number): void;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The heartbeat-handling histogram, to render after prom-client's families: a series per API once it has a heartbeat. */
  handlingFamily(): Family;
}

const HANDLING_NAME = 'rollcall_heartbeat_handling_seconds';
const HANDLING_HELP = 'Time the registry spent handling one heartbeat (the core call), by API';
const APIS: readonly HeartbeatApi[] = ['grpc', 'rest'];

/** From 10 µs (a heartbeat on a quiet core) to 1 s (a stalled event loop). */
const HANDLING_BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Around the defaults: unhealthy after 2 min of silence, failed 3 min later; shorter for tuned clusters. */
const DETECTION_BUCKETS = [1, 2.5, 5, 10, 15, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 600, 1200, 3600];
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function addTimingMetrics(prom: PromRegistry): TimingMetrics {
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [prom] });
  const byApi: Record<HeartbeatApi, SeriesHistogram> = { grpc: new SeriesHistogram(HANDLING_BUCKETS), rest: new SeriesHistogram(HANDLING_BUCKETS) };
  const detections = histogram(
    'rollcall_failure_detection_seconds',
    "Time from a member's last heartbeat to the registry marking it unhealthy or failed for its silence, by the state it was marked",
    ['state'],
    DETECTION_BUCKETS,
  );
  const requests = histogram('rollcall_http_request_duration_seconds', 'REST request duration, by method, route template and status class (2xx, 4xx, ...)', ['method', 'route', 'status_class'], REQUEST_BUCKETS);
  return {
    observeHeartbeat: (api, seconds) => byApi[api].observe(seconds),
    observeDetection: (state, silentMs) => detections.observe({ state }, silentMs / 1000),
    observeRequest: (method, route, status, seconds) => requests.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds),
    handlingFamily: () => ({
      name: HANDLING_NAME,
      type: 'histogram',
      help: HANDLING_HELP,
      samples: APIS.flatMap((api) => (byApi[api].count > 0 ? byApi[api].samples({ api }) : [])),
    }),
  };
}

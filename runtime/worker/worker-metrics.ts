// The worker's own metrics, served on its health server's GET /metrics (docs/api.md, "Worker
// probes and metrics"), by the registry's conventions: heartbeats sent and failed, their round
// trip as a histogram in seconds, sessions and reconnects, the session's epoch, the worker's
// state, and the process metrics. Written by hand (metrics/exposition.ts): the worker does not
// load prom-client.
import { renderFamilies, Histogram, type Family, type Sample } from '../metrics/exposition.ts';
import { processFamilies } from '../metrics/process-metrics.ts';
import type { BeatTransport } from './heartbeat-loop.ts';

/** The worker machine's top-level states, each a series of rollcall_worker_state. */
const STATES = ['starting', 'registering', 'active', 'reconnecting', 'draining', 'deregistering', 'stopped'] as const;
/** From 0.5 ms (the registry on the same host) to 10 s (past any RPC deadline). */
const RPC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface WorkerView {
  readonly state: string;
  readonly epoch: number;
  on(event: 'state', listener: (state: string, previous: string) => void): () => void;
}

export class WorkerMetrics {
  readonly #view: WorkerView;
  readonly #rpc = new Histogram(RPC_BUCKETS);
  #sent = 0;
  readonly #failed = new Map<string, number>();
  #sessions = 0;
  #reconnects = 0;
  #epochSeen = 0;

  constructor(view: WorkerView) {
    this.#view = view;
    view.on('state', (state) => {
      if (state === 'reconnecting') this.#reconnects++;
      const epoch = view.epoch;
      if (epoch > 0 && epoch !== this.#epochSeen) this.#sessions++;
      this.#epochSeen = epoch;
    });
  }

  /** `transport`, counting each beat and timing each ack. */
  instrument(transport: BeatTransport): BeatTransport {
    return {
      beat: (request, done) => {
        this.#sent++;
        const start = performance.now();
        transport.beat(request, (result) => {
          if (result.ok) this.#rpc.observe((performance.now() - start) / 1000);
          else {
            const code = result.code.toLowerCase();
            this.#failed.set(code, (this.#failed.get(code) ?? 0) + 1);
          }
          done(result);
        });
      },
      close: () => transport.close(),
    };
  }

  text(): string {
    const failed: Sample[] = [...this.#failed].sort(([a], [b]) => a.localeCompare(b)).map(([code, value]) => ({ labels: { code }, value }));
    const families: Family[] = [
      { name: 'rollcall_worker_heartbeats_sent_total', type: 'counter', help: 'Heartbeats sent to the registry', samples: [{ value: this.#sent }] },
      { name: 'rollcall_worker_heartbeats_failed_total', type: 'counter', help: 'Heartbeats that got no ack, by gRPC code (unavailable, deadline_exceeded, failed_precondition...)', samples: failed },
      { name: 'rollcall_worker_heartbeat_rpc_duration_seconds', type: 'histogram', help: 'Round trip of an acked heartbeat, from send to ack', samples: this.#rpc.samples() },
      { name: 'rollcall_worker_sessions_total', type: 'counter', help: 'Sessions the registry granted this worker (registrations accepted, each a new epoch)', samples: [{ value: this.#sessions }] },
      { name: 'rollcall_worker_reconnects_total', type: 'counter', help: 'Times the worker lost its session or the registry and went reconnecting', samples: [{ value: this.#reconnects }] },
      { name: 'rollcall_worker_session_epoch', type: 'gauge', help: 'Epoch of the current session (0 before the first registration)', samples: [{ value: this.#view.epoch }] },
      { name: 'rollcall_worker_state', type: 'gauge', help: 'The worker state: 1 for the current one', samples: STATES.map((state) => ({ labels: { state }, value: this.#view.state === state ? 1 : 0 })) },
    ];
    return renderFamilies([...families, ...processFamilies()]);
  }
}

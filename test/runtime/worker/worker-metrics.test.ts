// The worker's /metrics (docs/api.md, "Worker probes and metrics"): what it counts of its heartbeats,
// sessions and reconnects, fed a fake transport and state changes (the scrape of a real worker
// is in test/integration/metrics-exposition.test.ts).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HeartbeatReply, HeartbeatRequest } from '../../../machines/registry/registry.types.ts';
import type { RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import type { BeatTransport } from '../../../runtime/worker/heartbeat-loop.ts';
import { WorkerMetrics } from '../../../runtime/worker/worker-metrics.ts';
import { lintExposition } from '../../support/prometheus-lint.ts';
import { seriesValue } from '../../support/prometheus-text.ts';

class FakeWorker {
  state = 'starting';
  epoch = 0;
  readonly #events = new EventEmitter();
  on(event: 'state', listener: (state: string, previous: string) => void): () => void {
    this.#events.on(event, listener);
    return () => this.#events.off(event, listener);
  }
  move(state: string, epoch = this.epoch): void {
    const previous = this.state;
    [this.state, this.epoch] = [state, epoch];
    this.#events.emit('state', state, previous);
  }
}

/** A transport whose every beat gets the next of `results`. */
function scripted(results: RpcResult<HeartbeatReply>[]): BeatTransport {
  return { beat: (_request, done) => done(results.shift()!), close: () => {} };
}

const value = (text: string, series: string): number => seriesValue(text, series) ?? Number.NaN;

const ACK: RpcResult<HeartbeatReply> = { ok: true, value: { instruction: 'none', heartbeatIntervalMs: 1000 } };
const request = { workerId: 'w', epoch: 1, sessionToken: 't', currentJobs: 0 } as HeartbeatRequest;

describe('worker metrics', () => {
  it('counts beats sent, acks timed, failures by code, sessions, reconnects, and shows the state and epoch', () => {
    const worker = new FakeWorker();
    const metrics = new WorkerMetrics(worker);
    worker.move('registering');
    worker.move('active', 1);
    const transport = metrics.instrument(scripted([ACK, ACK, { ok: false, code: 'UNAVAILABLE', message: 'down' }, { ok: false, code: 'DEADLINE_EXCEEDED', message: 'slow' }]));
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) transport.beat(request, (result) => outcomes.push(result.ok));
    expect(outcomes).toEqual([true, true, false, false]);
    worker.move('reconnecting');
    worker.move('registering');
    worker.move('active', 2);

    const text = metrics.text();
    expect(lintExposition(text).problems).toEqual([]);
    expect(value(text, 'rollcall_worker_heartbeats_sent_total')).toBe(4);
    expect(value(text, 'rollcall_worker_heartbeat_rpc_duration_seconds_count')).toBe(2);
    expect(value(text, 'rollcall_worker_heartbeats_failed_total{code="unavailable"}')).toBe(1);
    expect(value(text, 'rollcall_worker_heartbeats_failed_total{code="deadline_exceeded"}')).toBe(1);
    expect(value(text, 'rollcall_worker_sessions_total')).toBe(2);
    expect(value(text, 'rollcall_worker_reconnects_total')).toBe(1);
    expect(value(text, 'rollcall_worker_session_epoch')).toBe(2);
    expect(value(text, 'rollcall_worker_state{state="active"}')).toBe(1);
    expect(value(text, 'rollcall_worker_state{state="reconnecting"}')).toBe(0);
  });
});

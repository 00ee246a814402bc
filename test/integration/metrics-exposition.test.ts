// Both /metrics, scraped from real processes (#20 item 1, #19 item 6; docs/api.md, "Metrics"):
// a registry and two workers over gRPC, one of which is killed so the registry detects it.
// Each reply parses as Prometheus text (a strict parser: prometheus-text.ts) and keeps
// promtool's naming rules (prometheus-lint.ts);
// the histograms, counters and runtime metrics carry what happened.
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';
import { lintExposition, type Exposition } from '../support/prometheus-lint.ts';
import { seriesValue } from '../support/prometheus-text.ts';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
});

async function scrape(url: string, token?: string): Promise<Exposition & { text: string; contentType: string }> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  const text = await response.text();
  return { ...lintExposition(text), text, contentType: response.headers.get('content-type') ?? '' };
}

const value = (text: string, series: string): number => seriesValue(text, series) ?? Number.NaN;

const RUNTIME = ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_delay_seconds', 'rollcall_build_info'];

describe('/metrics of a registry and a worker (real processes)', () => {
  it('parse as Prometheus text, keep the naming rules, and count what happened', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const kept = await cluster.startWorker('kept');
    const keptId = await cluster.workerId(kept);
    const doomed = await cluster.startWorker('doomed');
    const doomedId = await cluster.workerId(doomed);
    expect((await cluster.api('POST', '/api/jobs', { jobId: 'scraped-job', kind: 'echo', payload: 'hi' })).status).toBe(201);
    await cluster.until(() => cluster!.api<{ state: string }>('GET', '/api/jobs/scraped-job').then((r) => r.body), (j) => j.state === 'succeeded', 10_000, 'the job to succeed');
    await doomed.kill();
    await cluster.memberState(doomedId, 'failed', 15_000);

    const registry = await scrape(`${cluster.http}/metrics`, cluster.adminToken);
    expect(registry.problems).toEqual([]);
    expect(registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const type = (name: string) => registry.families.get(name)?.type;
    expect(type('rollcall_heartbeat_handling_seconds')).toBe('histogram');
    expect(type('rollcall_failure_detection_seconds')).toBe('histogram');
    expect(type('rollcall_http_request_duration_seconds')).toBe('histogram');
    expect(type('rollcall_jobs_completed_total')).toBe('counter');
    for (const name of RUNTIME) expect(registry.families.has(name), name).toBe(true);
    const r = registry.text;
    expect(value(r, 'rollcall_heartbeat_handling_seconds_count{api="grpc"}')).toBeGreaterThan(0);
    // FAST_REGISTRY: unhealthy after 1.5 s of silence, failed 0.8 s later.
    expect(value(r, 'rollcall_failure_detection_seconds_count{state="unhealthy"}')).toBe(1);
    expect(value(r, 'rollcall_failure_detection_seconds_sum{state="unhealthy"}')).toBeGreaterThanOrEqual(1.5);
    expect(value(r, 'rollcall_failure_detection_seconds_count{state="failed"}')).toBe(1);
    expect(value(r, 'rollcall_failure_detection_seconds_sum{state="failed"}')).toBeGreaterThanOrEqual(2.3);
    expect(value(r, 'rollcall_jobs_completed_total{outcome="succeeded"}')).toBe(1);
    expect(value(r, 'rollcall_http_request_duration_seconds_count{method="GET",route="/api/jobs/:id",status_class="2xx"}')).toBeGreaterThan(0);
    expect(r).not.toContain('scraped-job');

    const listening = JSON.parse(await kept.line((l) => l.includes('"worker.listening"'))) as { httpPort: number };
    const worker = await scrape(`http://127.0.0.1:${listening.httpPort}/metrics`);
    expect(worker.problems).toEqual([]);
    expect(worker.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(worker.families.get('rollcall_worker_heartbeat_rpc_duration_seconds')?.type).toBe('histogram');
    for (const name of RUNTIME) expect(worker.families.has(name), name).toBe(true);
    const w = worker.text;
    expect(value(w, 'rollcall_worker_heartbeats_sent_total')).toBeGreaterThan(0);
    expect(value(w, 'rollcall_worker_heartbeat_rpc_duration_seconds_count')).toBeGreaterThan(0);
    expect(value(w, 'rollcall_worker_sessions_total')).toBe(1);
    expect(value(w, 'rollcall_worker_session_epoch')).toBe(1);
    expect(value(w, 'rollcall_worker_state{state="active"}')).toBe(1);
    expect(value(w, 'rollcall_worker_state{state="reconnecting"}')).toBe(0);
    expect(keptId).not.toBe(doomedId);
  }, 60_000);
});

describe('the exposition lint', () => {
  it('passes a clean exposition and names each rule a bad one breaks', () => {
    const clean = '# HELP a_seconds A.\n# TYPE a_seconds histogram\na_seconds_bucket{le="1"} 1\na_seconds_bucket{le="+Inf"} 2\na_seconds_sum 3\na_seconds_count 2\n';
    expect(lintExposition(clean).problems).toEqual([]);
    const bad = [
      '# HELP hits Hits.', '# TYPE hits counter', 'hits 1',
      '# HELP open_total Open.', '# TYPE open_total gauge', 'open_total 1',
      '# HELP wait_ms Wait.', '# TYPE wait_ms histogram', 'wait_ms_bucket{le="1"} 2', 'wait_ms_bucket{le="2"} 1', 'wait_ms_sum 1', 'wait_ms_count 2',
      '# HELP breakers Breakers.', '# TYPE breakers gauge', 'breakers{state="halfOpen"} 1',
    ].join('\n') + '\n';
    const problems = lintExposition(bad).problems.join('\n');
    expect(problems).toMatch(/hits: a counter whose name does not end in _total/);
    expect(problems).toMatch(/open_total: a gauge named like a counter/);
    expect(problems).toMatch(/wait_ms: a unit other than a base unit/);
    expect(problems).toMatch(/wait_ms\{\}: the last bucket is not \+Inf/);
    expect(problems).toMatch(/wait_ms\{\}: buckets are not cumulative/);
    expect(problems).toMatch(/label value state="halfOpen" is not snake_case/);
    for (const broken of ['stray{x="1" 2\n', 'a 1\nb 2\na 3\n', 'a one\n', '# TYPE a gauge\n# TYPE a counter\n']) {
      expect(lintExposition(broken).problems[0], broken).toMatch(/^it does not parse/);
    }
  });
});

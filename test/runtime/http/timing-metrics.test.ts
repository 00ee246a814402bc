// The registry's histograms in seconds and its counters of finished jobs (docs/api.md,
// "Metrics"; #20 item 1, #19 item 6), on a REST API over a real host on virtual time.
import { describe, expect, it } from 'vitest';
import { seriesValue } from '../../support/prometheus-text.ts';
import { heartbeat, MINUTE, register, SECOND, startApi, type Api } from '../../support/http-harness.ts';

async function scrape(api: Api): Promise<string> {
  return (await api.inject({ method: 'GET', url: '/metrics' })).body;
}

const value = (text: string, series: string): number => seriesValue(text, series) ?? 0;

describe('registry histograms', () => {
  it('times each REST heartbeat in seconds, with cumulative buckets up to +Inf', async () => {
    const api = startApi();
    const s = await register(api);
    for (let i = 0; i < 3; i++) expect((await heartbeat(api, s)).statusCode).toBe(200);
    const text = await scrape(api);
    expect(text).toMatch(/^# TYPE rollcall_heartbeat_handling_seconds histogram$/m);
    expect(value(text, 'rollcall_heartbeat_handling_seconds_count{api="rest"}')).toBe(3);
    expect(value(text, 'rollcall_heartbeat_handling_seconds_bucket{le="+Inf",api="rest"}')).toBe(3);
    const sum = value(text, 'rollcall_heartbeat_handling_seconds_sum{api="rest"}');
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(3); // seconds, not milliseconds
  });

  it('measures failure detection from the last heartbeat to the transition, per state reached', async () => {
    const api = startApi();
    const s = await register(api);
    api.advance(10 * SECOND);
    await heartbeat(api, s);
    // Silent from here: unhealthy once 2 min have passed (the wheel looks every second), failed 3 min later.
    api.advance(2 * MINUTE + 2 * SECOND);
    let text = await scrape(api);
    expect(value(text, 'rollcall_failure_detection_seconds_count{state="unhealthy"}')).toBe(1);
    expect(value(text, 'rollcall_failure_detection_seconds_sum{state="unhealthy"}')).toBeGreaterThanOrEqual(120);
    expect(value(text, 'rollcall_failure_detection_seconds_sum{state="unhealthy"}')).toBeLessThanOrEqual(121);
    expect(value(text, 'rollcall_failure_detection_seconds_bucket{le="90",state="unhealthy"}')).toBe(0);
    expect(value(text, 'rollcall_failure_detection_seconds_bucket{le="150",state="unhealthy"}')).toBe(1);
    expect(value(text, 'rollcall_failure_detection_seconds_count{state="failed"}')).toBe(0);
    api.advance(3 * MINUTE + 2 * SECOND);
    text = await scrape(api);
    expect(value(text, 'rollcall_failure_detection_seconds_count{state="failed"}')).toBe(1);
    expect(value(text, 'rollcall_failure_detection_seconds_sum{state="failed"}')).toBeGreaterThanOrEqual(300);
    expect(value(text, 'rollcall_failure_detection_seconds_sum{state="failed"}')).toBeLessThanOrEqual(302);
  });

  it('counts a member the health check fails for its stale heartbeat as a detection, not one it fails for its report', async () => {
    const api = startApi();
    const silent = await register(api);
    const talking = await register(api);
    api.advance(MINUTE);
    await heartbeat(api, talking);
    api.advance(MINUTE + 2 * SECOND);
    await heartbeat(api, talking, { currentJobs: 99 }); // more jobs than its capacity: it fails the checks too
    for (let i = 0; i < 3; i++) expect((await api.inject({ method: 'POST', url: '/api/health/check' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: `/api/workers/${silent.worker.id}` })).json().state).toBe('failed');
    expect((await api.inject({ method: 'GET', url: `/api/workers/${talking.worker.id}` })).json().state).toBe('failed');
    const text = await scrape(api);
    expect(value(text, 'rollcall_failure_detection_seconds_count{state="unhealthy"}')).toBe(1);
    expect(value(text, 'rollcall_failure_detection_seconds_count{state="failed"}')).toBe(1);
    expect(value(text, 'rollcall_failure_detection_seconds_sum{state="failed"}')).toBeGreaterThanOrEqual(122);
  });

  it('times REST requests by route template, method and status class, never by raw URL', async () => {
    const api = startApi();
    const s = await register(api);
    await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` });
    await api.inject({ method: 'GET', url: '/api/workers/nobody' });
    await api.inject({ method: 'GET', url: '/no/such/route' });
    const text = await scrape(api);
    expect(value(text, 'rollcall_http_request_duration_seconds_count{method="GET",route="/api/workers/:id",status_class="2xx"}')).toBe(1);
    expect(value(text, 'rollcall_http_request_duration_seconds_count{method="GET",route="/api/workers/:id",status_class="4xx"}')).toBe(1);
    expect(value(text, 'rollcall_http_request_duration_seconds_count{method="POST",route="/api/workers",status_class="2xx"}')).toBe(1);
    expect(value(text, 'rollcall_http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}')).toBe(1);
    expect(text).not.toContain(s.worker.id);
  });
});

describe('job counters', () => {
  it('counts finished jobs by outcome in a counter; the jobs gauge holds only queued and assigned', async () => {
    const api = startApi();
    const s = await register(api);
    for (const jobId of ['ok-1', 'bad-1']) expect((await api.inject({ method: 'POST', url: '/api/jobs', payload: { jobId, kind: 'k' } })).statusCode).toBe(201);
    // Results come over gRPC (ReportTask): the core call it makes.
    for (const [jobId, ok] of [['ok-1', true], ['bad-1', false]] as const) {
      const report = { workerId: s.worker.id, epoch: s.worker.epoch, sessionToken: s.sessionToken, jobId, attempt: 1, ok };
      expect(api.host.call((core, now) => core.run({ kind: 'reportTask', report }, now))).toEqual({ ok: true });
    }
    const text = await scrape(api);
    expect(text).toMatch(/^# TYPE rollcall_jobs_completed_total counter$/m);
    expect(value(text, 'rollcall_jobs_completed_total{outcome="succeeded"}')).toBe(1);
    expect(value(text, 'rollcall_jobs_completed_total{outcome="failed"}')).toBe(1);
    expect(text).not.toMatch(/^rollcall_jobs\{state="(succeeded|failed)"\}/m);
    expect(value(text, 'rollcall_jobs{state="assigned"}')).toBe(0);
  });
});

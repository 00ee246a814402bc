// What workers report, with real processes (docs/behaviour.md §1, seeds 002 and 004; #16 items 3, 4, 7, 11):
// a real worker's heartbeats over gRPC (stream and unary) show in REST and the metrics, its
// breaker state included; a worker reporting more jobs than its capacity fails health checks
// with the reason and then fails; a member that left no longer counts in the breaker gauge;
// refused heartbeats are counted by code; a finished job keeps the worker that ran it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../runtime/http/rest-shapes.ts';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

type WorkerJson = { id: string; state: string; report: ReportJson | null };

async function metrics(): Promise<string> {
  const response = await fetch(`${cluster.http}/metrics`, { headers: { authorization: `Bearer ${cluster.adminToken}` } });
  return response.text();
}

/** The value of one series in the exposition text (0 when absent). */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** A worker registered over REST, and a heartbeat of its session with `body` on top. */
async function restWorker(workerId: string, maxConcurrentJobs: number) {
  const reply = await cluster.api<{ sessionToken: string; worker: { epoch: number } }>('POST', '/api/workers', { workerId, name: workerId, maxConcurrentJobs });
  expect(reply.status).toBe(201);
  const { sessionToken, worker } = reply.body;
  return (body: Record<string, unknown> = {}) =>
    cluster.api<{ error?: { code: string } }>('POST', `/api/workers/${workerId}/heartbeat`, { epoch: worker.epoch, sessionToken, currentJobs: 0, ...body });
}

describe('worker reports (real processes)', () => {
  it("a real worker's heartbeats, stream or unary, show its report and breaker state in REST and /metrics; its finished job keeps its ID", async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const streamed = await cluster.workerId(await cluster.startWorker('streamed'));
    const unary = await cluster.workerId(await cluster.startWorker('unary', ['--heartbeat-mode', 'unary']));
    for (const id of [streamed, unary]) {
      const worker = await cluster.until(
        () => cluster.api<WorkerJson>('GET', `/api/workers/${id}`).then((r) => r.body),
        (w) => w.report !== null,
        5000,
        `a report from ${id}`,
      );
      expect(worker.report).toMatchObject({ currentJobs: 0, errorCount: 0, breakerState: 'closed', problem: null });
      expect(worker.report!.memoryTotalMb).toBeGreaterThan(0);
      expect(worker.report!.cpuPercent).toBeGreaterThanOrEqual(0);
    }
    const text = await metrics();
    expect(value(text, 'rollcall_worker_breaker_states{state="closed"}')).toBe(2);
    expect(value(text, 'rollcall_worker_reports')).toBe(2);
    expect(value(text, 'rollcall_worker_memory_total_bytes')).toBeGreaterThan(0);

    expect((await cluster.api('POST', '/api/jobs', { jobId: 'done-job', kind: 'echo', payload: 'hi' })).status).toBe(201);
    const job = await cluster.until(
      () => cluster.api<{ state: string; workerId: string | null; epoch: number }>('GET', '/api/jobs/done-job').then((r) => r.body),
      (j) => j.state === 'succeeded',
      5000,
      'the job to succeed',
    );
    expect([streamed, unary]).toContain(job.workerId);
    expect(job.epoch).toBe(1);
  });

  it('a worker reporting more running jobs than its capacity fails the health check with the reason, three times, and fails', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const beat = await restWorker('over', 2);
    const load = { currentJobs: 5, cpuPercent: 97.5, memoryUsedMb: 3900, memoryTotalMb: 4096, errorCount: 7, message: 'disk almost full' };
    expect((await beat(load)).status).toBe(200);
    const health = await cluster.api<{ reportProblem: string | null }>('GET', '/api/workers/over/health');
    expect(health.body.reportProblem).toBe('the worker reports 5 running jobs, over its capacity of 2');
    const shown = await cluster.api<WorkerJson>('GET', '/api/workers/over');
    expect(shown.body.report).toMatchObject({ ...load, problem: 'the worker reports 5 running jobs, over its capacity of 2' });
    // Heartbeats keep coming, in time: only the health check (every 400 ms) can fail it.
    const failed = await cluster.until(
      async () => {
        await beat(load);
        return (await cluster.member('over')).state;
      },
      (state) => state === 'failed',
      5000,
      'the member to fail',
    );
    expect(failed).toBe('failed');
    const detail = await cluster.api<{ history: { to: string; reason: string }[] }>('GET', '/api/dashboard/members/over');
    expect(detail.body.history.at(-1)).toMatchObject({ to: 'failed', reason: 'health check failed: the worker reports 5 running jobs, over its capacity of 2' });
  });

  it('the breaker gauge counts live members only; refused heartbeats are counted by code', async () => {
    cluster = new Cluster();
    // The REST members beat only when told: give them time to stay active.
    await cluster.startRegistry(['--unhealthy-after', '1m']);
    const open = await restWorker('open-one', 1);
    const closed = await restWorker('closed-one', 1);
    await open({ breakerState: 'open' });
    await closed({ breakerState: 'closed' });
    let text = await metrics();
    expect([value(text, 'rollcall_worker_breaker_states{state="open"}'), value(text, 'rollcall_worker_breaker_states{state="closed"}')]).toEqual([1, 1]);

    expect((await cluster.api('POST', '/api/workers/open-one/force-deregister', {})).status).toBe(200);
    text = await metrics();
    expect([value(text, 'rollcall_worker_breaker_states{state="open"}'), value(text, 'rollcall_worker_breaker_states{state="closed"}')]).toEqual([0, 1]);

    expect((await open()).body.error?.code).toBe('failed_precondition');
    expect((await open()).body.error?.code).toBe('failed_precondition');
    const unknown = await cluster.api<{ error: { code: string } }>('POST', '/api/workers/nobody/heartbeat', { epoch: 1, sessionToken: 'x', currentJobs: 0 });
    expect(unknown.body.error.code).toBe('not_found');
    expect((await closed({ currentJobs: -1 })).body.error?.code).toBe('invalid_argument');
    text = await metrics();
    expect(value(text, 'rollcall_heartbeats_failed_total{code="failed_precondition"}')).toBe(2);
    expect(value(text, 'rollcall_heartbeats_failed_total{code="not_found"}')).toBe(1);
    expect(value(text, 'rollcall_heartbeats_failed_total{code="invalid_argument"}')).toBe(1);
    expect(value(text, 'rollcall_heartbeats_total')).toBe(2);
  });
});

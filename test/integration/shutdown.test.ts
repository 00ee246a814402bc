// Leaving the cluster with real processes (docs/behaviour.md §1, seeds 002, 004): a graceful SIGTERM drains
// running jobs before deregistering; an operator deregistration needs force while jobs run.
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

type JobJson = { id: string; state: string; workerId: string | null };

describe('shutdown (real processes)', () => {
  it('SIGTERM with a running job: the worker drains, the job finishes, then it deregisters and exits 0', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const worker = await cluster.startWorker('graceful');
    const id = await cluster.workerId(worker);
    await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '1500', jobId: 'finish-me' });
    await cluster.until(() => cluster.member(id), (m) => m.currentJobs === 1, 5000, 'the job to be assigned');
    worker.signal('SIGTERM');
    await cluster.workerState(worker, 'draining', 3000);
    await cluster.memberState(id, 'active.draining', 3000);
    // No new work goes to a draining member.
    const other = await cluster.api<{ job: JobJson }>('POST', '/api/jobs', { kind: 'sleep', payload: '10', jobId: 'not-for-you' });
    expect(other.body.job.state).toBe('queued');
    expect(await worker.exited).toBe(0);
    const finished = (await cluster.api<JobJson & { result: string }>('GET', '/api/jobs/finish-me')).body;
    expect(finished).toMatchObject({ state: 'succeeded', result: 'slept 1500 ms' });
    const member = await cluster.member(id);
    expect(member.state).toBe('inactive');
    const order = worker.lines.filter((l) => l.includes('"worker.state"')).map((l) => JSON.parse(l).to as string);
    expect(order.slice(-3)).toEqual(['draining', 'deregistering', 'stopped']);
  });

  it('deregistration with active jobs is refused without force (409, naming the count) and accepted with it', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    // A REST client registers itself and holds a job.
    const joined = await cluster.api<{ worker: { id: string; epoch: number }; sessionToken: string }>('POST', '/api/workers', {
      workerId: 'rest-worker',
      name: 'rest',
      maxConcurrentJobs: 2,
    });
    expect(joined.status).toBe(201);
    await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'held' });
    const credentials = { epoch: joined.body.worker.epoch, sessionToken: joined.body.sessionToken };
    const refused = await cluster.api<{ error: { code: string; message: string } }>('POST', '/api/workers/rest-worker/deregister', { ...credentials, reason: 'maintenance' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'failed_precondition', message: expect.stringMatching(/1 active job/) });
    const forced = await cluster.api('POST', '/api/workers/rest-worker/deregister', { ...credentials, force: true, reason: 'maintenance' });
    expect(forced.status).toBe(200);
    expect((await cluster.member('rest-worker')).state).toBe('inactive');
    expect((await cluster.api<JobJson>('GET', '/api/jobs/held')).body.state).toBe('queued');
  });
});

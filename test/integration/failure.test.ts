// Failure detection and recovery with real processes (docs/behaviour.md §1, seed 004): silence → unhealthy →
// back to active; death → failed → jobs requeued elsewhere → cleaned up; a registry restart
// with its database keeps every member and job.
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

type JobJson = { id: string; state: string; workerId: string | null; attempt: number };

describe('failure detection (real processes)', () => {
  it('heartbeats stop (SIGSTOP) → unhealthy; they resume (SIGCONT) → active again, same epoch', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const worker = await cluster.startWorker('sleepy');
    const id = await cluster.workerId(worker);
    worker.signal('SIGSTOP');
    await cluster.memberState(id, 'unhealthy', 5000);
    worker.signal('SIGCONT');
    const back = await cluster.memberState(id, 'active', 5000);
    expect(back.epoch).toBe(1);
  });

  it('stops for good → failed, its job requeued to another worker, then cleaned up to inactive', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const doomed = await cluster.startWorker('doomed', ['--capacity', '1']);
    const doomedId = await cluster.workerId(doomed);
    const submitted = await cluster.api<{ job: JobJson }>('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'long-job' });
    expect(submitted.status).toBe(201);
    expect(submitted.body.job).toMatchObject({ state: 'assigned', workerId: doomedId });
    const survivor = await cluster.startWorker('survivor', ['--capacity', '1']);
    const survivorId = await cluster.workerId(survivor);
    await doomed.kill();
    await cluster.memberState(doomedId, 'failed', 5000);
    const job = await cluster.until(
      () => cluster.api<JobJson>('GET', '/api/jobs/long-job').then((r) => r.body),
      (j) => j.workerId === survivorId,
      5000,
      'the job to move to the survivor',
    );
    expect(job).toMatchObject({ state: 'assigned', attempt: 2 });
    await cluster.memberState(doomedId, 'inactive', 5000);
  });

  it('registry and worker both restarted with the database kept: same ID, the job still there', async () => {
    cluster = new Cluster();
    const registry = await cluster.startRegistry();
    let worker = await cluster.startWorker('steady', ['--capacity', '1']);
    const id = await cluster.workerId(worker);
    await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'kept-job' });
    await registry.kill();
    await worker.kill();
    await cluster.startRegistry();
    const reloaded = await cluster.member(id);
    expect(reloaded).toMatchObject({ id, epoch: 1 });
    const job = (await cluster.api<JobJson>('GET', '/api/jobs/kept-job')).body;
    expect(job.state === 'assigned' || job.state === 'queued').toBe(true);
    worker = await cluster.startWorker('steady', ['--capacity', '1']);
    expect(await cluster.workerId(worker)).toBe(id);
    await cluster.until(() => cluster.member(id), (m) => m.epoch === 2 && m.state === 'active', 5000, 'epoch 2');
    // The re-registration requeued the old session's job, and it went back to the same worker.
    await cluster.until(
      () => cluster.api<JobJson>('GET', '/api/jobs/kept-job').then((r) => r.body),
      (j) => j.state === 'assigned' && j.workerId === id && j.attempt === 2,
      5000,
      'the job to be assigned again',
    );
  });
});

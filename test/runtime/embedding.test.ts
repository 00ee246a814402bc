// The embedder's handles (runtime/index.ts): a registry that takes jobs, answers member and job
// reads and tells its subscribers about changes; a worker that says, as an 'error' event with a
// typed error, when the registry refuses it for good, instead of stopping silently.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, startRegistry, startWorker, WorkerRefusedError, type JobChange, type MemberChange, type RunningRegistry, type WorkerProcess } from '../../runtime/index.ts';

let registry: RunningRegistry | undefined;
let worker: WorkerProcess | undefined;
afterEach(async () => {
  await worker?.stop();
  await registry?.close();
  worker = undefined;
  registry = undefined;
});

const fast = { overrides: { heartbeatInterval: '200ms', rpcTimeout: '1s', initialDelay: '50ms', maxDelay: '400ms', drainTimeout: '2s' } };
const quiet = () => ({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), config: { overrides: { heartbeatInterval: '200ms' } } });
const stateDir = () => join(mkdtempSync(join(tmpdir(), 'rollcall-embed-')), 'state');

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the registry handle', () => {
  it('submits a job, lists and gets members and jobs, and tells subscribers of each change', async () => {
    registry = await startRegistry(quiet());
    const members: MemberChange[] = [];
    const jobs: JobChange[] = [];
    registry.on('member', (change) => members.push(change));
    const offJobs = registry.on('job', (change) => jobs.push(change));
    worker = await startWorker({ registry: [`127.0.0.1:${registry.grpcPort}`], joinToken: registry.joinToken, name: 'embedded', stateDir: stateDir(), httpPort: null, config: fast, onTask: async (task) => `done ${task.payload}` });
    await worker.waitFor('active', 5000);
    const id = worker.workerId!;
    expect(registry.members().map((m) => [m.id, m.name, m.state])).toEqual([[id, 'embedded', 'active']]);
    expect(registry.members('failed')).toEqual([]);
    expect(registry.member(id)?.maxConcurrentJobs).toBe(4);
    expect(registry.member('nobody')).toBeUndefined();
    expect(members).toEqual([{ at: expect.any(Number), id, from: 'registered', to: 'active.idle', epoch: 1, reason: 'registered' }]);

    const { job, created } = await registry.submitJob({ kind: 'resize', payload: 'img-7', jobId: 'j-1' });
    expect(created).toBe(true);
    expect(job).toMatchObject({ id: 'j-1', kind: 'resize', state: 'assigned', memberId: id });
    expect((await registry.submitJob({ kind: 'resize', jobId: 'j-1' })).created).toBe(false);
    await until(() => registry!.job('j-1')?.state === 'succeeded', 'finished job');
    expect(registry.job('j-1')?.result).toBe('done img-7');
    expect(jobs.filter((c) => c.id === 'j-1').map((c) => [c.state, c.workerId])).toEqual([['queued', null], ['assigned', id], ['succeeded', id]]);

    offJobs();
    await registry.submitJob({ kind: 'resize', jobId: 'j-2' });
    expect(jobs.some((c) => c.id === 'j-2')).toBe(false);
    await worker.stop();
    worker = undefined;
    expect(members.at(-1)).toMatchObject({ id, to: 'inactive' });
    expect(members.every((c) => c.id === id)).toBe(true);
  });

  it('refuses a job with bad fields as the REST API does, with an ApiError', async () => {
    registry = await startRegistry(quiet());
    const refusal = await registry.submitJob({ kind: '', jobId: 'not an id' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'invalid_argument' });
    expect((refusal as ApiError).details?.map((d) => d.field).sort()).toEqual(['jobId', 'kind']);
  });

  it('keeps serving when a subscriber throws', async () => {
    registry = await startRegistry(quiet());
    registry.on('job', () => {
      throw new Error('subscriber bug');
    });
    expect((await registry.submitJob({ kind: 'k', jobId: 'j' })).job.state).toBe('queued');
    expect(registry.job('j')?.state).toBe('queued');
  });
});

describe('a refused worker', () => {
  it('emits a WorkerRefusedError when its join token is wrong, and stops', async () => {
    registry = await startRegistry(quiet());
    worker = await startWorker({ registry: [`127.0.0.1:${registry.grpcPort}`], joinToken: 'rcjoin_wrong', stateDir: stateDir(), httpPort: null, config: fast });
    const error = await new Promise<WorkerRefusedError>((resolve) => worker!.on('error', resolve));
    expect(error).toBeInstanceOf(WorkerRefusedError);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/^UNAUTHENTICATED: /);
    expect(worker.state).toBe('stopped');
    expect(registry.members()).toEqual([]);
  });

  it('emits nothing when it stops because it was asked to', async () => {
    registry = await startRegistry(quiet());
    worker = await startWorker({ registry: [`127.0.0.1:${registry.grpcPort}`], joinToken: registry.joinToken, stateDir: stateDir(), httpPort: null, config: fast });
    const errors: unknown[] = [];
    worker.on('error', (error) => errors.push(error));
    await worker.waitFor('active', 5000);
    await worker.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    worker = undefined;
  });
});

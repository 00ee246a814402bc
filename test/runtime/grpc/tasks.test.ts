// The Tasks stream over real gRPC: dispatches reach the open stream, assignments made before
// it opened are replayed, a newer stream replaces an older one, results from a stale epoch are
// refused, and deregistration with jobs needs force.
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterReply, Task } from '../../../machines/registry/registry.types.ts';
import type { RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { failure, rawValue, registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

function sessionOf(s: RegisterReply) {
  return { workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken };
}

async function submit(kind = 'echo', payload = ''): Promise<string> {
  return rawValue<{ jobId: string }>(await registry.raw.call('SubmitJob', { kind, payload })).jobId;
}

function open(s: RegisterReply) {
  const tasks: Task[] = [];
  const ends: (RpcResult<never> | undefined)[] = [];
  const handle = registry.connection.tasks(sessionOf(s), (t) => tasks.push(t), (f) => ends.push(f));
  return { tasks, ends, handle };
}

describe('Tasks', () => {
  it('streams each task assigned to the session while the stream is open', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration({ maxConcurrentJobs: 3 })));
    const stream = open(s);
    await until(() => registry.streams.has(s.workerId));
    const jobId = await submit('resize', 'img-1');
    await until(() => stream.tasks.length === 1);
    expect(stream.tasks[0]).toEqual({ jobId, attempt: 1, epoch: 1, kind: 'resize', payload: 'img-1', timeoutMs: 60_000 });
    stream.handle.close();
    await until(() => !registry.streams.has(s.workerId));
    expect(stream.ends).toEqual([undefined]);
  });

  it('replays on open every job assigned before the stream opened', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration({ maxConcurrentJobs: 3 })));
    const early = [await submit(), await submit()];
    expect(registry.host.core.member(s.workerId)?.jobIds).toEqual(early);
    const stream = open(s);
    await until(() => stream.tasks.length === 2);
    expect(stream.tasks.map((t) => t.jobId)).toEqual(early);
    const late = await submit();
    await until(() => stream.tasks.length === 3);
    expect(stream.tasks[2]?.jobId).toBe(late);
    expect(registry.streams.sent).toBe(3);
    stream.handle.close();
  });

  it('a newer stream for the same member replaces the older one, which ends', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    const first = open(s);
    await until(() => registry.streams.has(s.workerId));
    const second = open(s);
    await until(() => first.ends.length === 1);
    expect(first.ends).toEqual([undefined]);
    await submit();
    await until(() => second.tasks.length === 1);
    expect(first.tasks).toEqual([]);
    expect(registry.streams.size).toBe(1);
    second.handle.close();
  });

  it('refuses a stream for a stale or unknown session, ending it once with the code', async () => {
    registry = await startTestRegistry();
    const old = value(await registry.connection.register(registration({ workerId: 'a' })));
    value(await registry.connection.register(registration({ workerId: 'a', workerSecret: old.workerSecret! })));
    const stale = open(old);
    const unknown = open({ ...old, workerId: 'nobody' });
    const bad = open({ ...old, epoch: -1 });
    await until(() => stale.ends.length + unknown.ends.length + bad.ends.length === 3);
    expect(stale.ends).toMatchObject([{ ok: false, code: 'FAILED_PRECONDITION' }]);
    expect(unknown.ends).toMatchObject([{ ok: false, code: 'NOT_FOUND' }]);
    expect(bad.ends).toMatchObject([{ ok: false, code: 'INVALID_ARGUMENT', details: [{ field: 'epoch' }] }]);
    expect(registry.streams.size).toBe(0);
  });

  it('ends the stream of an older session when a task for the new session is dispatched', async () => {
    registry = await startTestRegistry();
    const old = value(await registry.connection.register(registration({ workerId: 'a' })));
    const stream = open(old);
    await until(() => registry.streams.has('a'));
    value(await registry.connection.register(registration({ workerId: 'a', workerSecret: old.workerSecret! })));
    await submit();
    await until(() => stream.ends.length === 1);
    expect(stream.ends).toMatchObject([{ ok: false, code: 'FAILED_PRECONDITION' }]);
    expect(stream.tasks).toEqual([]);
  });
});

describe('ReportTask', () => {
  it('accepts the result of the current attempt and refuses one from a stale epoch', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration({ workerId: 'a', maxConcurrentJobs: 2 })));
    const [first, second] = [await submit(), await submit()];
    const report = { ...sessionOf(s), attempt: 1, ok: true, result: 'done' };
    value(await registry.connection.reportTask({ ...report, jobId: first }));
    expect(rawValue<{ state: string; result: string }>(await registry.raw.call('GetJob', { jobId: first }))).toMatchObject({ state: 'SUCCEEDED', result: 'done' });
    expect(failure(await registry.connection.reportTask({ ...report, jobId: first })).code).toBe('FAILED_PRECONDITION');
    const again = value(await registry.connection.register(registration({ workerId: 'a', workerSecret: s.workerSecret! })));
    expect(failure(await registry.connection.reportTask({ ...report, jobId: second })).code).toBe('FAILED_PRECONDITION');
    const job = rawValue<{ state: string; epoch: number; attempt: number }>(await registry.raw.call('GetJob', { jobId: second }));
    expect(job).toMatchObject({ state: 'ASSIGNED', epoch: again.epoch, attempt: 2 });
  });
});

describe('Deregister', () => {
  it('refuses a worker with active jobs without force, naming the count; force requeues them', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration({ maxConcurrentJobs: 2 })));
    await submit();
    await submit();
    const refused = failure(await registry.connection.deregister({ ...sessionOf(s), reason: 'maintenance' }));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.message).toContain('2 active job(s)');
    expect(value(await registry.connection.deregister({ ...sessionOf(s), force: true, reason: 'maintenance' }))).toEqual({ requeued: 2 });
    expect(rawValue<{ state: string }>(await registry.raw.call('GetWorker', { workerId: s.workerId }))).toMatchObject({ worker: { state: 'INACTIVE' } });
  });

  it('deregisters an idle worker at once; its session is then gone', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    expect(value(await registry.connection.deregister(sessionOf(s)))).toEqual({ requeued: 0 });
    expect(failure(await registry.connection.heartbeat({ ...sessionOf(s), currentJobs: 0 })).code).toBe('FAILED_PRECONDITION');
  });
});

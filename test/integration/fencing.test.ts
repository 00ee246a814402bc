// Fencing with two real processes claiming one worker ID (docs/behaviour.md §1, issue item 2): the second
// has a copy of the first's state dir (so its ID and secret), and its registration bumps the
// epoch. The first, frozen meanwhile and then resumed, is a zombie of the older epoch: its
// heartbeat is refused as superseded (another process holds a newer session of its ID), so it
// stops with an error rather than registering again, and the result of the job it was running
// is refused — the job stays with, and finishes under, the new session.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

type JobJson = { id: string; state: string; workerId: string | null; attempt: number; epoch: number; result?: string | null };

describe('fencing (two real processes, one worker ID)', () => {
  it('a zombie of an older epoch cannot heartbeat, take tasks or report results, and stops', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    // A, the original: one slot, running a job that outlasts the takeover.
    const a = await cluster.startWorker('a', ['--id', 'twin', '--capacity', '1']);
    await cluster.workerState(a, 'active');
    const e1 = (await cluster.member('twin')).epoch;
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '2500', jobId: 'held' })).status).toBe(201);
    await cluster.until(() => cluster.api<JobJson>('GET', '/api/jobs/held').then((r) => r.body), (j) => j.workerId === 'twin' && j.state !== 'queued', 5000, 'held on twin');

    // Freeze A; B starts from a copy of A's state dir: same ID, same secret.
    a.signal('SIGSTOP');
    cpSync(join(cluster.dir, 'a'), join(cluster.dir, 'b'), { recursive: true });
    const b = await cluster.startWorker('b', ['--id', 'twin', '--capacity', '1', '--quiet']);
    const taken = await cluster.until(() => cluster.member('twin'), (m) => m.epoch > e1 && m.state === 'active', 5000, 'the epoch to move on');
    const e2 = taken.epoch;
    // The takeover requeued A's job; it runs again under the new session (attempt 2).
    const rerun = await cluster.until(() => cluster.api<JobJson>('GET', '/api/jobs/held').then((r) => r.body), (j) => j.attempt >= 2 && j.workerId === 'twin', 5000, 'held to go out again');
    expect(rerun.workerId).toBe('twin');
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'later' })).status).toBe(201);

    // Resume A: its sleep is over, so it reports the result of attempt 1 and heartbeats with epoch e1.
    const mark = a.lines.length;
    a.signal('SIGCONT');
    // A's first word after resuming: its epoch-e1 session was superseded by another process (B
    // holds a newer session with the same ID and secret), so A stops with a clear error and a
    // non-zero exit instead of registering again and fencing B in turn.
    const told = await a.line((l) => a.lines.indexOf(l) >= mark && l.includes('"event":"worker.state"'), 5000);
    expect(JSON.parse(told)).toMatchObject({ workerId: 'twin', to: 'stopped', epoch: e1 });
    expect(await a.exited).toBe(1);
    expect(a.stderr).toMatch(new RegExp(`^rollcall worker: stopped: FAILED_PRECONDITION: session ${e1} of twin was superseded by session ${e2}, which another process holding this worker's ID and secret registered; do not register again$`, 'm'));
    // Whatever A did with its finished sleep, the registry did not take it: the job is with B's
    // session (e2) on a later attempt, and it never succeeds under epoch e1.
    const atResume = (await cluster.api<JobJson>('GET', '/api/jobs/held')).body;
    expect(atResume.epoch).toBe(e2);
    expect(atResume.attempt).toBeGreaterThanOrEqual(2);
    // A's old session never got the job submitted after the takeover.
    const aTasks = a.lines.slice(mark).filter((l) => l.includes('"event":"task.finished"') && l.includes('"later"'));
    expect(aTasks).toEqual([]);
    // The cluster settles: B keeps its session (no epochs 3, 5, 7, … of two processes fencing
    // each other) and finishes the job under it.
    const done = await cluster.until(() => cluster.api<JobJson>('GET', '/api/jobs/held').then((r) => r.body), (j) => j.state === 'succeeded', 8000, 'held to succeed');
    expect(done.epoch).toBe(e2);
    expect(await cluster.member('twin')).toMatchObject({ state: 'active', epoch: e2 });
    await b.kill();
  });
});

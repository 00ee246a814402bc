// The worker machine while active: the heartbeat loop, instructions, tasks.
import { describe, expect, it } from 'vitest';
import { acked, activeWorker, registered, type Harness } from '../support/worker-harness.ts';
import { retriableCodes, noJitter, hbFailed, registering } from '../support/worker-cases.ts';

describe('worker: active', () => {
  it('a plain ack changes nothing: no re-entry, the same loop keeps running, no beat of its own', () => {
    const w = activeWorker();
    const loop = w.loop();
    for (let beat = 0; beat < 3; beat++) {
      loop.sendBack(acked('none', 10_000));
      w.clock.advance(10_000);
    }
    expect(w.value()).toBe('active');
    expect(w.loops).toEqual([loop]);
    expect(loop.stoppedAtMs).toBeUndefined();
    expect(loop.received).toEqual([]);
    expect(w.count('sendHeartbeat')).toBe(0);
  });

  it('adopts the interval from an ack and leaves the loop to adopt it too', () => {
    const w = activeWorker();
    w.loop().sendBack(acked('none', 45_000));
    expect(w.ctx().heartbeatIntervalMs).toBe(45_000);
    expect(w.loops).toHaveLength(1);
    expect(w.running()).toHaveLength(1);
  });

  it('ack with reRegister → registering with the same workerId', () => {
    const w = activeWorker({ input: { workerId: 'w-1' } });
    w.loop().sendBack(acked('reRegister'));
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.callsOf('sendRegister').map((c) => c.context.workerId)).toEqual(['w-1', 'w-1']);
    w.send(registered({ workerId: 'w-1', epoch: 2, reRegistered: true }));
    expect(w.ctx()).toMatchObject({ workerId: 'w-1', epoch: 2 });
    expect(w.loops.map((run) => run.input.epoch)).toEqual([1, 2]);
    expect(w.running()).toEqual([w.loops[1]]);
  });

  it('ack with drain → draining and announces it', () => {
    const w = activeWorker();
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.loop().sendBack(acked('drain'));
    expect(w.matches('draining')).toBe(true);
    expect(w.count('announceDraining')).toBe(1);
  });

  it.each(['NOT_FOUND', 'FAILED_PRECONDITION', 'UNAUTHENTICATED'] as const)('heartbeat.failed %s → registering with the same ID', (code) => {
    const w = activeWorker({ input: { workerId: 'w-1' } });
    w.loop().sendBack(hbFailed(code));
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.callsOf('sendRegister').at(-1)?.context.workerId).toBe('w-1');
    expect(w.breaker().context.failures).toBe(0);
  });

  it('heartbeat.failed FAILED_PRECONDITION with reason superseded → stopped with the error, no registration', () => {
    const w = activeWorker({ input: { workerId: 'w-1' } });
    w.loop().sendBack({ ...hbFailed('FAILED_PRECONDITION'), message: 'session 1 of w-1 was superseded by session 2', reason: 'superseded' });
    expect(w.value()).toBe('stopped');
    expect(w.ctx().error).toEqual({ code: 'FAILED_PRECONDITION', message: 'session 1 of w-1 was superseded by session 2' });
    expect(w.count('reportFatal')).toBe(1);
    expect(w.callsOf('sendRegister')).toHaveLength(1);
    expect(w.callsOf('sendDeregister')).toHaveLength(0);
  });

  it.each(retriableCodes)('heartbeat.failed %s → reconnecting, counted by the breaker', (code) => {
    const w = activeWorker({ config: noJitter });
    w.loop().sendBack(hbFailed(code));
    expect(w.value()).toEqual({ reconnecting: 'backoff' });
    expect(w.ctx()).toMatchObject({ attempt: 1, retryDelayMs: 100 });
    expect(w.breaker().context.failures).toBe(1);
  });

  it('heartbeat.failed with another code → reconnecting, not counted by the breaker', () => {
    const w = activeWorker();
    w.loop().sendBack(hbFailed('INTERNAL'));
    expect(w.value()).toEqual({ reconnecting: 'backoff' });
    expect(w.breaker().context.failures).toBe(0);
  });

  it.each([
    ['worker.stop', (w: Harness) => w.send({ type: 'worker.stop' }), 'draining'],
    ['worker.attached', (w: Harness) => w.send({ type: 'worker.attached', endpoint: 'r2:50051', sameRegistry: false }), 'registering'],
    ['an ack with reRegister', (w: Harness) => w.loop().sendBack(acked('reRegister')), 'registering'],
    ['an ack with drain', (w: Harness) => w.loop().sendBack(acked('drain')), 'draining'],
    ['a failed beat', (w: Harness) => w.loop().sendBack(hbFailed()), 'reconnecting'],
    ['a revoked session', (w: Harness) => w.loop().sendBack(hbFailed('UNAUTHENTICATED')), 'registering'],
  ] as const)('leaving active on %s stops its loop', (_, leave, state) => {
    const w = activeWorker({ input: { maxConcurrentJobs: 2 } });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    const loop = w.loop();
    w.clock.advance(1_234);
    leave(w);
    expect(w.matches(state)).toBe(true);
    expect(loop.stoppedAtMs).toBe(1_234);
  });

  it('ignores what a stopped loop still reports (a reply that was in flight)', () => {
    const w = activeWorker({ config: noJitter });
    const loop = w.loop();
    loop.sendBack(hbFailed());
    loop.sendBack(acked('drain', 99_000));
    loop.sendBack(hbFailed('NOT_FOUND'));
    expect(w.value()).toEqual({ reconnecting: 'backoff' });
    expect(w.ctx()).toMatchObject({ attempt: 1, heartbeatIntervalMs: 10_000 });
  });

  it('runs assigned tasks up to maxConcurrentJobs and rejects the rest', () => {
    const w = activeWorker({ input: { maxConcurrentJobs: 2 } });
    for (const jobId of ['j1', 'j2', 'j3']) w.send({ type: 'task.assigned', jobId });
    expect(w.ctx().runningJobs).toEqual(['j1', 'j2']);
    expect(w.callsOf('startTask').map((c) => (c.event as { jobId: string }).jobId)).toEqual(['j1', 'j2']);
    expect(w.callsOf('rejectTask').map((c) => (c.event as { jobId: string }).jobId)).toEqual(['j3']);
  });

  it('ignores a duplicate assignment', () => {
    const w = activeWorker({ input: { maxConcurrentJobs: 1 } });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    expect(w.ctx().runningJobs).toEqual(['j1']);
    expect(w.count('startTask')).toBe(1);
    expect(w.count('rejectTask')).toBe(0);
  });

  it('task.finished frees the slot and reports; an unknown job is ignored', () => {
    const w = activeWorker({ input: { maxConcurrentJobs: 1 } });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.send({ type: 'task.finished', jobId: 'nope', ok: true });
    expect(w.count('reportTask')).toBe(0);
    w.send({ type: 'task.finished', jobId: 'j1', ok: false });
    expect(w.ctx().runningJobs).toEqual([]);
    expect(w.callsOf('reportTask').map((c) => c.event)).toEqual([{ type: 'task.finished', jobId: 'j1', ok: false }]);
    w.send({ type: 'task.assigned', jobId: 'j2' });
    expect(w.ctx().runningJobs).toEqual(['j2']);
  });

  it('worker.stop → draining, announces it, keeps beating with a draining loop', () => {
    const w = activeWorker();
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.send({ type: 'worker.stop' });
    expect(w.value()).toBe('draining');
    expect(w.count('announceDraining')).toBe(1);
    expect(w.loops.map((run) => run.input.mode)).toEqual(['active', 'draining']);
    expect(w.running()).toEqual([w.loop()]);
  });

  it('worker.attached → registering with the new endpoint', () => {
    const w = activeWorker();
    w.send({ type: 'worker.attached', endpoint: 'r2:50051', sameRegistry: false });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx().endpoint).toBe('r2:50051');
  });
});

// The worker machine leaving: draining, deregistering, stopped.
import { describe, expect, it } from 'vitest';
import { acked, activeWorker, registered } from '../support/worker-harness.ts';
import { noJitter, regFailed, hbFailed, deregFailed, registering, expectStopped } from '../support/worker-cases.ts';

describe('worker: draining', () => {
  function draining(jobs: string[], config = {}) {
    const w = activeWorker({ input: { maxConcurrentJobs: 5 }, config });
    for (const jobId of jobs) w.send({ type: 'task.assigned', jobId });
    w.send({ type: 'worker.stop' });
    return w;
  }

  it('without running jobs → deregistering at once, no loop left running', () => {
    const w = draining([]);
    expect(w.value()).toEqual({ deregistering: 'sending' });
    expect(w.count('announceDraining')).toBe(1);
    expect(w.count('sendDeregister')).toBe(1);
    expect(w.running()).toEqual([]);
  });

  it('waits for running jobs, then deregisters when the last one finishes', () => {
    const w = draining(['j1', 'j2']);
    w.send({ type: 'task.finished', jobId: 'j1', ok: true });
    expect(w.matches('draining')).toBe(true);
    expect(w.count('sendDeregister')).toBe(0);
    w.send({ type: 'task.finished', jobId: 'j2', ok: true });
    expect(w.value()).toEqual({ deregistering: 'sending' });
    expect(w.count('reportTask')).toBe(2);
    expect(w.running()).toEqual([]);
  });

  it('deregisters after drainTimeoutMs even if jobs are still running', () => {
    const w = draining(['j1'], { drainTimeoutMs: 25_000 });
    w.clock.advance(24_999);
    expect(w.matches('draining')).toBe(true);
    w.clock.advance(1);
    expect(w.value()).toEqual({ deregistering: 'sending' });
    expect(w.callsOf('sendDeregister')[0]?.context.runningJobs).toEqual(['j1']);
  });

  it('invokes the loop in draining mode: a full interval first, acks not reported', () => {
    const w = draining(['j1']);
    expect(w.loop().input).toEqual({
      workerId: 'w-1', epoch: 1, sessionToken: 'token-1', firstDelayMs: 10_000, intervalMs: 10_000, mode: 'draining', reportAcks: false,
    });
    expect(w.running()).toEqual([w.loop()]);
  });

  it('a failed beat is counted but does not leave draining or restart the loop', () => {
    const w = draining(['j1'], { drainTimeoutMs: 60_000 });
    const loop = w.loop();
    loop.sendBack(hbFailed());
    expect(w.value()).toBe('draining');
    expect(w.breaker().context.failures).toBe(1);
    loop.sendBack(hbFailed('NOT_FOUND'));
    expect(w.value()).toBe('draining');
    expect(w.breaker().context.failures).toBe(1);
    expect(w.count('sendRegister')).toBe(1);
    expect(w.loop()).toBe(loop);
    expect(loop.stoppedAtMs).toBeUndefined();
  });

  it('adopts an interval from an ack and ignores its instruction', () => {
    const w = draining(['j1']);
    const loop = w.loop();
    w.loop().sendBack(acked('reRegister', 15_000));
    w.loop().sendBack(acked('drain', 15_000));
    expect(w.value()).toBe('draining');
    expect(w.ctx().heartbeatIntervalMs).toBe(15_000);
    expect(w.count('sendRegister')).toBe(1);
    expect(w.count('announceDraining')).toBe(1);
    expect(w.loop()).toBe(loop);
  });

  it('rejects new tasks and ignores worker.stop', () => {
    const w = draining(['j1']);
    w.send({ type: 'task.assigned', jobId: 'j2' });
    expect(w.count('rejectTask')).toBe(1);
    expect(w.ctx().runningJobs).toEqual(['j1']);
    w.send({ type: 'worker.stop' });
    expect(w.matches('draining')).toBe(true);
    expect(w.count('announceDraining')).toBe(1);
  });
});

describe('worker: deregistering', () => {
  function deregistering(config = {}) {
    const w = activeWorker({ config: { ...noJitter, ...config } });
    w.send({ type: 'worker.stop' });
    expect(w.value()).toEqual({ deregistering: 'sending' });
    return w;
  }

  it('deregister.succeeded → stopped', () => {
    const w = deregistering();
    w.send({ type: 'deregister.succeeded' });
    expectStopped(w);
    expect(w.ctx().error).toBeUndefined();
  });

  it('retries a retriable failure with backoff, up to deregisterAttempts, then stops', () => {
    const w = deregistering();
    w.send(deregFailed('UNAVAILABLE'));
    expect(w.value()).toEqual({ deregistering: 'backoff' });
    w.clock.advance(99);
    expect(w.count('sendDeregister')).toBe(1);
    w.clock.advance(1);
    expect(w.count('sendDeregister')).toBe(2);
    w.send(deregFailed('UNAVAILABLE'));
    w.clock.advance(200);
    expect(w.count('sendDeregister')).toBe(3);
    w.send(deregFailed('DEADLINE_EXCEEDED'));
    expectStopped(w);
    expect(w.ctx().error?.code).toBe('DEADLINE_EXCEEDED');
    expect(w.count('reportFatal')).toBe(0);
  });

  it('stops at once on a non-retriable failure', () => {
    const w = deregistering();
    w.send(deregFailed('NOT_FOUND'));
    expectStopped(w);
    expect(w.ctx().error).toEqual({ code: 'NOT_FOUND', message: 'deregister: NOT_FOUND' });
  });

  it('waits for an open breaker to half-open before sending', () => {
    const w = registering({ config: { ...noJitter, breakerFailureThreshold: 1, breakerOpenMs: 5_000 } });
    w.send(regFailed('UNAVAILABLE'));
    expect(w.ctx().breakerState).toBe('open');
    w.clock.advance(5_000);
    w.send(registered());
    w.loop().sendBack(hbFailed());
    expect(w.ctx().breakerState).toBe('open');
    w.send({ type: 'worker.stop' });
    expect(w.value()).toEqual({ deregistering: 'gate' });
    expect(w.count('sendDeregister')).toBe(0);
    w.clock.advance(5_000);
    expect(w.count('sendDeregister')).toBe(1);
  });

  it('ignores worker.stop and rejects tasks', () => {
    const w = deregistering();
    w.send({ type: 'worker.stop' });
    w.send({ type: 'task.assigned', jobId: 'j9' });
    expect(w.value()).toEqual({ deregistering: 'sending' });
    expect(w.count('rejectTask')).toBe(1);
  });
});

describe('worker: stopped', () => {
  it('is final: the actor is done, its breaker is stopped, and nothing more happens', () => {
    const w = deregistering();
    w.send({ type: 'deregister.succeeded' });
    expectStopped(w);
    const breaker = w.snapshot().children.breaker;
    expect(breaker === undefined || breaker.getSnapshot().status === 'stopped').toBe(true);
    expect(w.loops.length).toBeGreaterThan(0);
    expect(w.running()).toEqual([]);
    const before = w.calls.length;
    w.send({ type: 'worker.start' });
    w.send({ type: 'task.assigned', jobId: 'late' });
    w.clock.advance(1_000_000);
    expect(w.calls.length).toBe(before);
  });

  function deregistering() {
    const w = activeWorker();
    w.send({ type: 'worker.stop' });
    return w;
  }
});

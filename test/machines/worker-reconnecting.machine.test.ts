// The worker machine while reconnecting: backoff, probes, the breaker gate.
import { describe, expect, it } from 'vitest';
import { acked, registered } from '../support/worker-harness.ts';
import { noJitter, regFailed, hbFailed, registering, reconnectingWorker } from '../support/worker-cases.ts';

describe('worker: reconnecting', () => {
  it('backs off, then probes with a heartbeat; no loop runs meanwhile', () => {
    const w = reconnectingWorker({ config: noJitter });
    w.clock.advance(99);
    expect(w.count('sendHeartbeat')).toBe(0);
    w.clock.advance(1);
    expect(w.value()).toEqual({ reconnecting: 'probing' });
    expect(w.count('sendHeartbeat')).toBe(1);
    expect(w.running()).toEqual([]);
  });

  it('a failed probe backs off again with a longer delay', () => {
    const w = reconnectingWorker({ config: noJitter });
    w.clock.advance(100);
    w.send(hbFailed('DEADLINE_EXCEEDED'));
    expect(w.value()).toEqual({ reconnecting: 'backoff' });
    expect(w.ctx()).toMatchObject({ attempt: 2, retryDelayMs: 200 });
  });

  it('a probe refused as superseded → stopped, not registering', () => {
    const w = reconnectingWorker({ config: noJitter });
    w.clock.advance(100);
    w.send({ ...hbFailed('FAILED_PRECONDITION'), reason: 'superseded' });
    expect(w.value()).toBe('stopped');
    expect(w.ctx().error?.code).toBe('FAILED_PRECONDITION');
    expect(w.count('reportFatal')).toBe(1);
  });

  it('an acked probe → active with the attempt count reset, the interval adopted, a full interval to the next beat', () => {
    const w = reconnectingWorker({ config: noJitter });
    w.clock.advance(100);
    w.send(acked('none', 20_000));
    expect(w.value()).toBe('active');
    expect(w.ctx()).toMatchObject({ attempt: 0, heartbeatIntervalMs: 20_000 });
    expect(w.loops).toHaveLength(2);
    expect(w.loop().input).toMatchObject({ firstDelayMs: 20_000, intervalMs: 20_000, mode: 'active', reportAcks: false });
    expect(w.loop().startedAtMs).toBe(100);
    expect(w.count('sendHeartbeat')).toBe(1);
  });

  it.each([
    ['reRegister', 'registering'],
    ['drain', 'draining'],
  ] as const)('an acked probe with %s → %s', (instruction, state) => {
    const w = reconnectingWorker({ config: noJitter });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.clock.advance(100);
    w.send(acked(instruction));
    expect(w.matches(state)).toBe(true);
  });

  it.each(['NOT_FOUND', 'UNAUTHENTICATED'] as const)('a probe failing with %s → registering with the same ID', (code) => {
    const w = reconnectingWorker({ config: noJitter });
    w.clock.advance(100);
    w.send(hbFailed(code));
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.callsOf('sendRegister').at(-1)?.context.workerId).toBe('w-1');
  });

  // breakerOpenMs (60 s) is longer than the steady backoff (30 s), so the gate is visible.
  const gated = { ...noJitter, breakerOpenMs: 60_000 };

  it('breaker opens after 5 failures and blocks probes until it half-opens; 3 successes close it', () => {
    const w = reconnectingWorker({ config: gated });
    for (let probe = 0; probe < 4; probe++) {
      w.clock.advance(w.ctx().retryDelayMs);
      expect(w.value()).toEqual({ reconnecting: 'probing' });
      w.send(hbFailed());
    }
    expect(w.ctx().breakerState).toBe('open');
    const probes = w.count('sendHeartbeat');
    const openedAt = w.clock.now();
    w.clock.advance(w.ctx().retryDelayMs);
    expect(w.value()).toEqual({ reconnecting: 'gate' });
    w.clock.advance(openedAt + 60_000 - w.clock.now() - 1);
    expect(w.count('sendHeartbeat')).toBe(probes);
    w.clock.advance(1);
    expect(w.ctx().breakerState).toBe('halfOpen');
    expect(w.count('sendHeartbeat')).toBe(probes + 1);
    w.send(acked());
    expect(w.value()).toBe('active');
    const loop = w.loop();
    expect(loop.input).toMatchObject({ mode: 'active', reportAcks: true, firstDelayMs: 10_000 });
    w.clock.advance(10_000);
    loop.sendBack(acked());
    expect(w.ctx().breakerState).toBe('halfOpen');
    expect(loop.received).toEqual([]);
    w.clock.advance(10_000);
    loop.sendBack(acked());
    expect(w.ctx().breakerState).toBe('closed');
    expect(loop.received).toEqual([{ type: 'acks.quiet' }]);
    expect(w.callsOf('breakerChanged').map((c) => (c.event as { state: string }).state)).toEqual(['open', 'halfOpen', 'closed']);
    expect(w.value()).toBe('active');
    expect(w.running()).toEqual([loop]);
  });

  it('a worker registered while the breaker is half-open reports acks until the breaker closes', () => {
    const w = registering({ config: { ...noJitter, breakerFailureThreshold: 1, breakerOpenMs: 5_000 } });
    w.send(regFailed('UNAVAILABLE'));
    w.clock.advance(5_000);
    expect(w.ctx().breakerState).toBe('halfOpen');
    w.send(registered());
    const loop = w.loop();
    expect(loop.input.reportAcks).toBe(true);
    loop.sendBack(acked());
    expect(loop.received).toEqual([]);
    loop.sendBack(acked());
    expect(w.ctx().breakerState).toBe('closed');
    expect(loop.received).toEqual([{ type: 'acks.quiet' }]);
  });

  it('a failed probe in halfOpen opens the breaker again and blocks the next probe', () => {
    const w = reconnectingWorker({ config: gated });
    for (let probe = 0; probe < 4; probe++) {
      w.clock.advance(w.ctx().retryDelayMs);
      w.send(hbFailed());
    }
    w.clock.advance(60_000);
    expect(w.ctx().breakerState).toBe('halfOpen');
    expect(w.value()).toEqual({ reconnecting: 'probing' });
    w.send(hbFailed());
    expect(w.ctx().breakerState).toBe('open');
    const probes = w.count('sendHeartbeat');
    w.clock.advance(59_999);
    expect(w.count('sendHeartbeat')).toBe(probes);
    expect(w.value()).toEqual({ reconnecting: 'gate' });
    w.clock.advance(1);
    expect(w.count('sendHeartbeat')).toBe(probes + 1);
  });

  it('accepts tasks with room and rejects without', () => {
    const w = reconnectingWorker({ input: { maxConcurrentJobs: 1 } });
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.send({ type: 'task.assigned', jobId: 'j2' });
    expect(w.ctx().runningJobs).toEqual(['j1']);
    expect(w.count('startTask')).toBe(1);
    expect(w.count('rejectTask')).toBe(1);
  });

  it('worker.stop → draining, beating with a draining loop', () => {
    const w = reconnectingWorker();
    w.send({ type: 'task.assigned', jobId: 'j1' });
    w.send({ type: 'worker.stop' });
    expect(w.matches('draining')).toBe(true);
    expect(w.count('announceDraining')).toBe(1);
    expect(w.running().map((run) => run.input.mode)).toEqual(['draining']);
  });

  it('worker.attached → registering with the new endpoint', () => {
    const w = reconnectingWorker();
    w.send({ type: 'worker.attached', endpoint: 'r3:50051', sameRegistry: false });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx().endpoint).toBe('r3:50051');
  });
});

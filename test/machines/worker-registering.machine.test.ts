// The worker machine: registrations that fail (retriable or not, backoff, retry-after, breaker).
import { describe, expect, it } from 'vitest';
import { registered } from '../support/worker-harness.ts';
import { retriableCodes, fatalCodes, noJitter, regFailed, registering, expectStopped } from '../support/worker-cases.ts';

describe('worker: registering fails', () => {
  it.each(retriableCodes)('%s is retried after a backoff', (code) => {
    const w = registering({ config: noJitter });
    w.send(regFailed(code));
    expect(w.value()).toEqual({ registering: 'backoff' });
    expect(w.ctx()).toMatchObject({ attempt: 1, retryDelayMs: 100 });
    w.clock.advance(99);
    expect(w.count('sendRegister')).toBe(1);
    w.clock.advance(1);
    expect(w.count('sendRegister')).toBe(2);
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('reportFatal')).toBe(0);
  });

  it.each(fatalCodes)('%s stops at once with the registry message', (code) => {
    const w = registering();
    w.send(regFailed(code));
    expectStopped(w);
    expect(w.ctx().error).toEqual({ code, message: `register: ${code}` });
    expect(w.callsOf('reportFatal')[0]?.context.error?.code).toBe(code);
    expect(w.breaker().context.failures).toBe(0);
  });

  it('backs off exponentially, then keeps retrying at maxDelayMs after maxAttempts', () => {
    const w = registering({ config: { ...noJitter, breakerFailureThreshold: 100 } });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      w.send(regFailed('UNAVAILABLE'));
      delays.push(w.ctx().retryDelayMs);
      const before = w.count('sendRegister');
      w.clock.advance(w.ctx().retryDelayMs - 1);
      expect(w.count('sendRegister')).toBe(before);
      w.clock.advance(1);
      expect(w.count('sendRegister')).toBe(before + 1);
    }
    expect(delays).toEqual([100, 200, 400, 800, 30_000, 30_000, 30_000, 30_000]);
    expect(w.value()).toEqual({ registering: 'sending' });
  });

  it('keeps jittered delays within [cap/2, cap]', () => {
    const w = registering({ config: { breakerFailureThreshold: 100 } });
    const caps = [100, 200, 400, 800, 30_000, 30_000];
    for (const cap of caps) {
      w.send(regFailed('ABORTED'));
      expect(w.ctx().retryDelayMs).toBeGreaterThanOrEqual(cap / 2);
      expect(w.ctx().retryDelayMs).toBeLessThanOrEqual(cap);
      w.clock.advance(w.ctx().retryDelayMs);
    }
  });

  it('RESOURCE_EXHAUSTED honours retryAfterMs as a floor', () => {
    const w = registering({ config: noJitter });
    w.send(regFailed('RESOURCE_EXHAUSTED', 3_600_000));
    expect(w.ctx().retryDelayMs).toBe(3_600_000);
    w.clock.advance(3_599_999);
    expect(w.count('sendRegister')).toBe(1);
    w.clock.advance(1);
    expect(w.count('sendRegister')).toBe(2);
  });

  it('a retry-after shorter than the backoff does not shorten it', () => {
    const w = registering({ config: noJitter });
    w.send(regFailed('RESOURCE_EXHAUSTED', 10));
    expect(w.ctx().retryDelayMs).toBe(100);
  });

  it('exitOnRegistrationFailure: stops after maxAttempts failures with the last error', () => {
    const w = registering({ config: { ...noJitter, exitOnRegistrationFailure: true } });
    for (let i = 1; i <= 4; i++) {
      w.send(regFailed('UNAVAILABLE'));
      expect(w.value()).toEqual({ registering: 'backoff' });
      w.clock.advance(w.ctx().retryDelayMs);
    }
    w.send(regFailed('DEADLINE_EXCEEDED'));
    expectStopped(w);
    expect(w.ctx().error).toEqual({ code: 'DEADLINE_EXCEEDED', message: 'register: DEADLINE_EXCEEDED' });
    expect(w.count('reportFatal')).toBe(1);
    expect(w.count('sendRegister')).toBe(5);
  });

  it('retriable failures feed the breaker, which opens after 5 and holds the next register', () => {
    const w = registering({ config: { ...noJitter, breakerOpenMs: 60_000 } });
    for (let i = 0; i < 4; i++) {
      w.send(regFailed('UNAVAILABLE'));
      w.clock.advance(w.ctx().retryDelayMs);
    }
    expect(w.breaker().context.failures).toBe(4);
    w.send(regFailed('UNAVAILABLE'));
    expect(w.ctx().breakerState).toBe('open');
    expect(w.callsOf('breakerChanged').map((c) => c.context.breakerState)).toEqual(['open']);
    const sends = w.count('sendRegister');
    w.clock.advance(30_000);
    expect(w.value()).toEqual({ registering: 'gate' });
    w.clock.advance(29_999);
    expect(w.count('sendRegister')).toBe(sends);
    w.clock.advance(1);
    expect(w.ctx().breakerState).toBe('halfOpen');
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('sendRegister')).toBe(sends + 1);
  });

  it('a success resets the breaker failure count', () => {
    const w = registering({ config: noJitter });
    w.send(regFailed('UNAVAILABLE'));
    w.clock.advance(100);
    expect(w.breaker().context.failures).toBe(1);
    w.send(registered());
    expect(w.breaker().context.failures).toBe(0);
  });

  it('ignores a stale outcome while backing off', () => {
    const w = registering({ config: noJitter });
    w.send(regFailed('UNAVAILABLE'));
    w.send(registered());
    w.send(regFailed('INTERNAL'));
    expect(w.value()).toEqual({ registering: 'backoff' });
    expect(w.ctx().attempt).toBe(1);
  });

  it.each(['sending', 'backoff'])('worker.stop in registering.%s → stopped', (sub) => {
    const w = registering({ config: noJitter });
    if (sub === 'backoff') w.send(regFailed('UNAVAILABLE'));
    expect(w.value()).toEqual({ registering: sub });
    w.send({ type: 'worker.stop' });
    expectStopped(w);
    w.clock.advance(1_000_000);
    expect(w.count('sendRegister')).toBe(1);
  });

  it('worker.attached restarts registration at the new endpoint with a fresh attempt count', () => {
    const w = registering({ config: noJitter });
    w.send(regFailed('UNAVAILABLE'));
    w.send({ type: 'worker.attached', endpoint: 'other:50051', sameRegistry: false });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx()).toMatchObject({ endpoint: 'other:50051', attempt: 0 });
    expect(w.count('sendRegister')).toBe(2);
  });

  it('rejects an assigned task', () => {
    const w = registering();
    w.send({ type: 'task.assigned', jobId: 'j1' });
    expect(w.count('rejectTask')).toBe(1);
  });
});

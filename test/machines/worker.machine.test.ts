import { describe, expect, it } from 'vitest';
import { defaultWorkerConfig, workerMachine } from '../../machines/worker.machine.ts';
import type { RpcCode } from '../../machines/rpc-code.ts';
import { acked, activeWorker, registered, startWorker, type Harness } from '../support/worker-harness.ts';

const retriableCodes: RpcCode[] = ['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'ABORTED'];
const fatalCodes: RpcCode[] = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'FAILED_PRECONDITION', 'UNIMPLEMENTED', 'INTERNAL', 'UNAUTHENTICATED',
];
const noJitter = { jitter: false };

const regFailed = (code: RpcCode, retryAfterMs?: number) =>
  ({ type: 'register.failed', code, message: `register: ${code}`, retryAfterMs }) as const;
const hbFailed = (code: RpcCode = 'UNAVAILABLE') => ({ type: 'heartbeat.failed', code, message: `heartbeat: ${code}` }) as const;
const deregFailed = (code: RpcCode = 'UNAVAILABLE') => ({ type: 'deregister.failed', code, message: `deregister: ${code}` }) as const;

function registering(options: Parameters<typeof startWorker>[0] = {}): Harness {
  const w = startWorker(options);
  w.send({ type: 'worker.start' });
  return w;
}

/** From active: the loop reports a failed beat, landing in reconnecting.backoff. */
function reconnectingWorker(options: Parameters<typeof startWorker>[0] = {}): Harness {
  const w = activeWorker(options);
  w.loop().sendBack(hbFailed());
  return w;
}

function expectStopped(w: Harness) {
  expect(w.value()).toBe('stopped');
  expect(w.snapshot().status).toBe('done');
  expect(w.count('notifyStopped')).toBe(1);
}

describe('worker: machine shape', () => {
  it('has exactly the contract top-level states, stopped final', () => {
    expect(workerMachine.id).toBe('worker');
    expect(Object.keys(workerMachine.root.states)).toEqual([
      'starting', 'registering', 'active', 'reconnecting', 'draining', 'deregistering', 'stopped',
    ]);
    expect(workerMachine.root.states.stopped?.type).toBe('final');
  });

  it('active and draining are flat states that invoke the heartbeat loop', () => {
    for (const name of ['active', 'draining']) {
      const node = workerMachine.root.states[name];
      expect(Object.keys(node?.states ?? {}), name).toEqual([]);
      expect(node?.invoke.map((invoke) => [invoke.id, invoke.src]), name).toEqual([['heartbeats', 'heartbeats']]);
    }
  });

  it('starts in starting with its context built from input and config defaults', () => {
    const w = startWorker({ input: { workerId: 'w-0', workerSecret: 's-0', maxConcurrentJobs: 3 }, config: { maxAttempts: 9 } });
    expect(w.value()).toBe('starting');
    expect(w.ctx()).toMatchObject({
      name: 'worker-a', workerId: 'w-0', workerSecret: 's-0', epoch: 0, maxConcurrentJobs: 3,
      heartbeatIntervalMs: 30_000, attempt: 0, runningJobs: [], breakerState: 'closed',
      config: { ...defaultWorkerConfig, maxAttempts: 9 },
    });
    expect(w.ctx().error).toBeUndefined();
    expect(w.breaker().context).toMatchObject({ failureThreshold: 5, openMs: 30_000, successThreshold: 3 });
    expect(w.calls).toEqual([]);
  });
});

describe('worker: starting', () => {
  it('worker.start with a known registry → registering, sends a register', () => {
    const w = registering();
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('sendRegister')).toBe(1);
  });

  it('ignores worker.start when the registry is unknown', () => {
    const w = startWorker({ input: { registryKnown: false } });
    w.send({ type: 'worker.start' });
    expect(w.value()).toBe('starting');
    expect(w.count('sendRegister')).toBe(0);
  });

  it('worker.attached → registering with the endpoint stored', () => {
    const w = startWorker({ input: { registryKnown: false } });
    w.send({ type: 'worker.attached', endpoint: 'registry:50051' });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx()).toMatchObject({ endpoint: 'registry:50051', registryKnown: true });
    expect(w.callsOf('sendRegister')[0]?.context.endpoint).toBe('registry:50051');
  });

  it('worker.stop → stopped without any RPC', () => {
    const w = startWorker();
    w.send({ type: 'worker.stop' });
    expectStopped(w);
    expect(w.count('sendRegister')).toBe(0);
    expect(w.count('sendDeregister')).toBe(0);
  });

  it('rejects an assigned task', () => {
    const w = startWorker();
    w.send({ type: 'task.assigned', jobId: 'j1' });
    expect(w.count('rejectTask')).toBe(1);
    expect(w.ctx().runningJobs).toEqual([]);
  });
});

describe('worker: registering succeeds', () => {
  it('register.succeeded → active, adopts the session, persists the identity', () => {
    const w = registering({ input: { workerId: 'w-1' } });
    w.send(registered({ epoch: 4, heartbeatIntervalMs: 12_000 }));
    expect(w.value()).toBe('active');
    expect(w.ctx()).toMatchObject({
      workerId: 'w-1', workerSecret: 'secret-1', epoch: 4, sessionToken: 'token-1', heartbeatIntervalMs: 12_000, attempt: 0,
    });
    expect(w.callsOf('persistIdentity').map((c) => [c.context.workerId, c.context.workerSecret])).toEqual([['w-1', 'secret-1']]);
  });

  it('adopts a different ID assigned by the registry', () => {
    const w = registering({ input: { workerId: 'w-taken' } });
    expect(w.callsOf('sendRegister')[0]?.context.workerId).toBe('w-taken');
    w.send(registered({ workerId: 'w-fresh' }));
    expect(w.ctx().workerId).toBe('w-fresh');
    expect(w.callsOf('persistIdentity')[0]?.context.workerId).toBe('w-fresh');
  });

  it('keeps its secret when the reply carries none, replaces it when it carries one', () => {
    const w = registering({ input: { workerId: 'w-1', workerSecret: 'old' } });
    w.send(registered({ workerSecret: undefined }));
    expect(w.ctx().workerSecret).toBe('old');
    const v = registering({ input: { workerId: 'w-1', workerSecret: 'old' } });
    v.send(registered({ workerSecret: 'new' }));
    expect(v.ctx().workerSecret).toBe('new');
  });

  it('keeps the configured interval when the reply carries none', () => {
    const w = registering({ config: { heartbeatIntervalMs: 7_000 } });
    w.send(registered({ heartbeatIntervalMs: 0 }));
    expect(w.ctx().heartbeatIntervalMs).toBe(7_000);
  });

  it('invokes the heartbeat loop for the session, first beat after a stagger uniform in [0, interval)', () => {
    const staggers: number[] = [];
    for (let seed = 0; seed < 100; seed++) {
      const w = registering({ input: { seed } });
      expect(w.loops).toHaveLength(0);
      w.send(registered({ epoch: 3, heartbeatIntervalMs: 10_000 }));
      const stagger = w.ctx().nextHeartbeatDelayMs;
      expect(stagger).toBeGreaterThanOrEqual(0);
      expect(stagger).toBeLessThan(10_000);
      expect(w.loops).toHaveLength(1);
      expect(w.loop().input).toEqual({
        workerId: 'w-1', epoch: 3, sessionToken: 'token-1', firstDelayMs: stagger, intervalMs: 10_000, mode: 'active', reportAcks: false,
      });
      expect(w.count('sendHeartbeat')).toBe(0);
      staggers.push(stagger);
    }
    expect(new Set(staggers).size).toBeGreaterThan(90);
    expect(Math.min(...staggers)).toBeLessThan(1_000);
    expect(Math.max(...staggers)).toBeGreaterThan(9_000);
  });

  it('is deterministic: the same seed gives the same stagger and retry delays', () => {
    const run = (seed: number) => {
      const w = registering({ input: { seed } });
      w.send(regFailed('UNAVAILABLE'));
      const retry = w.ctx().retryDelayMs;
      w.clock.advance(retry);
      w.send(registered());
      return [retry, w.ctx().nextHeartbeatDelayMs];
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

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
    w.send({ type: 'worker.attached', endpoint: 'other:50051' });
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
    ['worker.attached', (w: Harness) => w.send({ type: 'worker.attached', endpoint: 'r2:50051' }), 'registering'],
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
    w.send({ type: 'worker.attached', endpoint: 'r2:50051' });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx().endpoint).toBe('r2:50051');
  });
});

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
    w.send({ type: 'worker.attached', endpoint: 'r3:50051' });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.ctx().endpoint).toBe('r3:50051');
  });
});

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

// The worker machine: its shape, starting, and a registration that succeeds.
import { describe, expect, it } from 'vitest';
import { defaultWorkerConfig, workerMachine } from '../../machines/worker.machine.ts';
import { registered, startWorker } from '../support/worker-harness.ts';
import { regFailed, registering, expectStopped } from '../support/worker-cases.ts';

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
    w.send({ type: 'worker.attached', endpoint: 'registry:50051', sameRegistry: false });
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

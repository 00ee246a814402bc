// Queries and operator calls over real gRPC, on a virtual clock so that failure and cleanup
// happen exactly when the test moves time: ListWorkers, GetWorker, Stats, SubmitJob, GetJob,
// PreRegister, Unregister, Drain, TriggerHealthCheck, TriggerCleanup, TriggerReconnect.
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../machines/registry/registry.types.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import type { RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { failure, rawError, rawValue, registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = 1_800_000_000_000;
/** Sweeps only when the test triggers them; deadlines still tick as the clock moves. */
const quiet = { healthCheckIntervalMs: DAY, cleanupIntervalMs: DAY, reconnectIntervalMs: DAY };

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

type Reply = Record<string, unknown>;

describe('queries', () => {
  it('ListWorkers lists all or one state; GetWorker shows one with its health; Stats counts', async () => {
    const clock = new VirtualClock(T0);
    registry = await startTestRegistry({ clock, config: quiet });
    const a = value(await registry.connection.register(registration({ workerId: 'a', maxConcurrentJobs: 4, capabilities: { gpu: 'yes' } })));
    rawValue(await registry.raw.call('PreRegister', { name: 'later', address: '10.9.0.1:7000', workerId: 'b' }));
    clock.advance(5_000);

    const all = rawValue<{ workers: { id: string; state: string }[]; count: number }>(await registry.raw.call('ListWorkers', {}));
    expect(all.count).toBe(2);
    expect(all.workers.map((w) => [w.id, w.state])).toEqual([['a', 'ACTIVE'], ['b', 'REGISTERED']]);
    const registered = rawValue<{ workers: { id: string }[] }>(await registry.raw.call('ListWorkers', { state: 'REGISTERED' }));
    expect(registered.workers.map((w) => w.id)).toEqual(['b']);

    const got = rawValue<Reply>(await registry.raw.call('GetWorker', { workerId: 'a' }));
    expect(got).toMatchObject({
      worker: { id: 'a', state: 'ACTIVE', substate: 'IDLE', epoch: a.epoch, registeredAt: T0, lastHeartbeatAt: T0, maxConcurrentJobs: 4, capabilities: { gpu: 'yes' } },
      health: { healthy: true, heartbeatAgeMs: 5_000, consecutiveFailedChecks: 0, schedulable: true },
    });
    expect(rawError(await registry.raw.call('GetWorker', { workerId: 'zzz' })).code).toBe(status.NOT_FOUND);
    expect(rawError(await registry.raw.call('GetWorker', { workerId: '' })).code).toBe(status.INVALID_ARGUMENT);

    const stats = rawValue<Reply>(await registry.raw.call('Stats', {}));
    expect(stats).toMatchObject({
      total: 2,
      byState: { registered: 1, active: 1, unhealthy: 0, failed: 0, inactive: 0 },
      bySubstate: { idle: 1, busy: 0, draining: 0 },
      capacityTotal: 4, capacityUsed: 0, capacityAvailable: 4, healthPercent: 100, massFailureHeld: false,
    });
  });

  it('SubmitJob is idempotent by job ID, GetJob shows the job, bad jobs are INVALID_ARGUMENT', async () => {
    registry = await startTestRegistry();
    const made = rawValue<Reply>(await registry.raw.call('SubmitJob', { jobId: 'j-1', kind: 'render', requires: { gpu: 'yes' }, timeoutMs: 5000 }));
    expect(made).toEqual({ jobId: 'j-1', created: true });
    expect(rawValue<Reply>(await registry.raw.call('SubmitJob', { jobId: 'j-1', kind: 'render' }))).toEqual({ jobId: 'j-1', created: false });
    expect(rawValue<Reply>(await registry.raw.call('GetJob', { jobId: 'j-1' }))).toMatchObject({
      id: 'j-1', kind: 'render', requires: { gpu: 'yes' }, timeoutMs: 5000, state: 'QUEUED', attempt: 0, workerId: '',
    });
    expect(rawError(await registry.raw.call('GetJob', { jobId: 'nope' })).code).toBe(status.NOT_FOUND);
    const bad = rawError(await registry.raw.call('SubmitJob', { kind: '', timeoutMs: -5 }));
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(JSON.parse(String(bad.metadata.get('rollcall-field-violations')[0])).map((v: { field: string }) => v.field)).toEqual(['kind', 'timeoutMs']);
  });
});

describe('admin', () => {
  it('PreRegister creates once, then returns the existing member; bad input is INVALID_ARGUMENT', async () => {
    registry = await startTestRegistry();
    expect(rawValue<Reply>(await registry.raw.call('PreRegister', { name: 'n', address: '10.0.0.5:7000' }))).toEqual({ workerId: 'w-1', created: true });
    expect(rawValue<Reply>(await registry.raw.call('PreRegister', { name: 'n', address: '10.0.0.5:7000' }))).toEqual({ workerId: 'w-1', created: false });
    expect(rawError(await registry.raw.call('PreRegister', { name: '', address: 'nowhere' })).code).toBe(status.INVALID_ARGUMENT);
  });

  it('Drain puts an active worker in draining; unknown is NOT_FOUND, not active is FAILED_PRECONDITION', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    rawValue(await registry.raw.call('PreRegister', { name: 'n', address: '10.0.0.5:7000', workerId: 'pre' }));
    expect(rawValue(await registry.raw.call('Drain', { workerId: s.workerId }))).toEqual({});
    expect(rawValue<Reply>(await registry.raw.call('GetWorker', { workerId: s.workerId }))).toMatchObject({ worker: { substate: 'DRAINING' } });
    expect(rawError(await registry.raw.call('Drain', { workerId: 'ghost' })).code).toBe(status.NOT_FOUND);
    expect(rawError(await registry.raw.call('Drain', { workerId: 'pre' })).code).toBe(status.FAILED_PRECONDITION);
  });

  it('Unregister removes the member, requeues its jobs and ends its task stream', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    const tasks: Task[] = [];
    const ends: (RpcResult<never> | undefined)[] = [];
    registry.connection.tasks({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken }, (t) => tasks.push(t), (f) => ends.push(f));
    rawValue(await registry.raw.call('SubmitJob', { kind: 'k' }));
    await until(() => tasks.length === 1);
    expect(rawValue(await registry.raw.call('Unregister', { workerId: s.workerId }))).toEqual({ requeued: 1 });
    await until(() => ends.length === 1);
    expect(ends).toMatchObject([{ ok: false, code: 'NOT_FOUND' }]);
    expect(registry.host.core.member(s.workerId)).toBeUndefined();
    expect(rawError(await registry.raw.call('Unregister', { workerId: s.workerId })).code).toBe(status.NOT_FOUND);
  });

  it('TriggerHealthCheck fails a silent worker after 3 checks; TriggerCleanup retires it; TriggerReconnect dials it', async () => {
    const clock = new VirtualClock(T0);
    registry = await startTestRegistry({ clock, config: quiet, dial: (m) => m.id === 'a' });
    value(await registry.connection.register(registration({ workerId: 'a' })));
    clock.advance(3 * MINUTE);
    expect(registry.host.core.member('a')?.value).toBe('unhealthy');
    for (let i = 0; i < 3; i++) expect(rawValue(await registry.raw.call('TriggerHealthCheck', {}))).toEqual({ checked: 1, failed: 1 });
    expect(rawValue(await registry.raw.call('TriggerHealthCheck', {}))).toEqual({ checked: 0, failed: 0 });
    expect(registry.host.core.member('a')?.value).toBe('failed');

    expect(rawValue(await registry.raw.call('TriggerCleanup', {}))).toEqual({ cleaned: 0, removed: 0 });
    clock.advance(15 * MINUTE);
    expect(rawValue(await registry.raw.call('TriggerCleanup', {}))).toEqual({ cleaned: 1, removed: 0 });
    expect(registry.host.core.member('a')?.value).toBe('inactive');

    expect(rawValue(await registry.raw.call('TriggerReconnect', {}))).toEqual({ dialed: 1 });
    expect(registry.dialed).toEqual(['a']);
    expect(registry.events.some((e) => e.type === 'reconnect.succeeded' && e.fields.id === 'a')).toBe(true);
  });

  it('answers UNAVAILABLE while the registry is down', async () => {
    registry = await startTestRegistry();
    registry.host.stop();
    for (const name of ['Stats', 'TriggerHealthCheck', 'TriggerReconnect', 'ListWorkers']) {
      expect(rawError(await registry.raw.call(name, {})).code).toBe(status.UNAVAILABLE);
    }
    expect(failure(await registry.connection.register(registration()))).toMatchObject({ code: 'UNAVAILABLE', message: 'the registry is not running' });
  });
});

// Register and RegisterBatch over real gRPC: new and returning workers, every field violation
// at once, the lock-out with retry-after, the join token, the agent port.
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_METADATA } from '../../../runtime/grpc/rpc-status.ts';
import { failure, rawError, rawValue, registration, startTestRegistry, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

describe('Register', () => {
  it('creates a worker: ID, secret, epoch 1, session token, interval', async () => {
    registry = await startTestRegistry();
    const reply = value(await registry.connection.register(registration({ name: 'alpha' })));
    expect(reply).toMatchObject({ workerId: 'w-1', epoch: 1, reRegistered: false, idReassigned: false, heartbeatIntervalMs: 30_000 });
    expect(reply.workerSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.sessionToken).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.registeredAt).toBeGreaterThan(1_600_000_000_000);
    expect(registry.host.core.member('w-1')?.name).toBe('alpha');
  });

  it('re-registration keeps the ID and registeredAt and bumps the epoch', async () => {
    registry = await startTestRegistry();
    const first = value(await registry.connection.register(registration({ workerId: 'gpu-1' })));
    const again = value(
      await registry.connection.register(registration({ workerId: 'gpu-1', workerSecret: first.workerSecret!, maxConcurrentJobs: 5 })),
    );
    expect(again).toMatchObject({ workerId: 'gpu-1', epoch: 2, reRegistered: true, registeredAt: first.registeredAt });
    expect(again.workerSecret).toBeUndefined();
    expect(again.sessionToken).not.toBe(first.sessionToken);
    expect(registry.host.core.member('gpu-1')?.ctx.maxConcurrentJobs).toBe(5);
  });

  it('refuses a known ID with the wrong secret from its own address: PERMISSION_DENIED', async () => {
    registry = await startTestRegistry();
    const first = registration({ workerId: 'gpu-1' });
    value(await registry.connection.register(first));
    const refused = failure(await registry.connection.register({ ...first, workerSecret: 'not-it' }));
    expect(refused.code).toBe('PERMISSION_DENIED');
  });

  it('gives a fresh ID when the requested one belongs to another live worker', async () => {
    registry = await startTestRegistry();
    value(await registry.connection.register(registration({ workerId: 'gpu-1' })));
    const other = value(await registry.connection.register(registration({ workerId: 'gpu-1' })));
    expect(other).toMatchObject({ workerId: 'w-1', idReassigned: true, reRegistered: false });
  });

  it('reports every violated field at once: INVALID_ARGUMENT with the violations in metadata', async () => {
    registry = await startTestRegistry();
    const bad = registration({ workerId: 'no spaces!', name: '', maxConcurrentJobs: 0, loadFactor: 7, address: 'nohost', labels: {} });
    const refused = failure(await registry.connection.register(bad));
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.message).toMatch(/^invalid registration: /);
    expect(refused.details?.map((d) => d.field).sort()).toEqual(['address', 'loadFactor', 'maxConcurrentJobs', 'name', 'workerId']);
    const raw = rawError(await registry.raw.call('Register', { name: '', maxConcurrentJobs: 101 }));
    expect(raw.code).toBe(status.INVALID_ARGUMENT);
    expect(raw.metadata.get(ERROR_METADATA.reason)).toEqual(['invalid_argument']);
    expect(JSON.parse(String(raw.metadata.get(ERROR_METADATA.fieldViolations)[0]))).toEqual([
      { field: 'name', description: 'must be a non-empty string' },
      { field: 'maxConcurrentJobs', description: 'must be an integer from 1 to 100' },
    ]);
  });

  it('locks an ID out after 3 failed attempts: RESOURCE_EXHAUSTED with retry-after', async () => {
    registry = await startTestRegistry();
    for (let i = 0; i < 3; i++) failure(await registry.connection.register(registration({ workerId: 'gpu-9', name: '' })));
    const locked = failure(await registry.connection.register(registration({ workerId: 'gpu-9' })));
    expect(locked.code).toBe('RESOURCE_EXHAUSTED');
    expect(locked.retryAfterMs).toBeGreaterThan(59 * 60_000);
    expect(locked.retryAfterMs).toBeLessThanOrEqual(60 * 60_000);
    const raw = rawError(await registry.raw.call('Register', { workerId: 'gpu-9', name: 'x', maxConcurrentJobs: 1 }));
    expect(raw.metadata.get(ERROR_METADATA.reason)).toEqual(['rate_limited']);
    expect(Number(raw.metadata.get(ERROR_METADATA.retryAfterMs)[0])).toBeGreaterThan(0);
  });

  it('takes the agent address from the caller host and agent_port, and checks the port', async () => {
    registry = await startTestRegistry();
    const reply = rawValue<{ workerId: string }>(await registry.raw.call('Register', { name: 'a', maxConcurrentJobs: 1, agentPort: 7001 }));
    expect(registry.host.core.member(reply.workerId)?.address).toBe('127.0.0.1:7001');
    const refused = rawError(await registry.raw.call('Register', { name: '', maxConcurrentJobs: 1, agentPort: 70_000 }));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    const fields = JSON.parse(String(refused.metadata.get(ERROR_METADATA.fieldViolations)[0])).map((v: { field: string }) => v.field);
    expect(fields).toEqual(['name', 'agentPort']);
  });
});

describe('Register with a cluster join token', () => {
  it('accepts the right token and refuses a missing or wrong one: UNAUTHENTICATED', async () => {
    registry = await startTestRegistry({ joinToken: 'let-me-in' });
    value(await registry.connection.register(registration()));
    const missing = rawError(await registry.raw.call('Register', { name: 'x', maxConcurrentJobs: 1 }));
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    const wrong = rawError(await registry.raw.call('Register', { name: 'x', maxConcurrentJobs: 1, joinToken: 'let-me-ix' }));
    expect(wrong.code).toBe(status.UNAUTHENTICATED);
    expect(registry.host.core.memberCount).toBe(1);
  });
});

describe('RegisterBatch', () => {
  it('answers one result per item, in order', async () => {
    registry = await startTestRegistry({ joinToken: 't' });
    const reply = rawValue<{ results: { result: string; reply?: { workerId: string }; error?: { code: number; fieldViolations: unknown[] } }[] }>(
      await registry.raw.call('RegisterBatch', {
        requests: [
          { name: 'a', maxConcurrentJobs: 1, joinToken: 't' },
          { name: '', maxConcurrentJobs: 1, joinToken: 't' },
          { name: 'c', maxConcurrentJobs: 1, joinToken: 'wrong' },
          { workerId: 'd-1', name: 'd', maxConcurrentJobs: 3, joinToken: 't' },
        ],
      }),
    );
    expect(reply.results.map((r) => r.result)).toEqual(['reply', 'error', 'error', 'reply']);
    expect(reply.results[0]?.reply?.workerId).toBe('w-1');
    expect(reply.results[1]?.error).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: 'name' }] });
    expect(reply.results[2]?.error?.code).toBe(status.UNAUTHENTICATED);
    expect(reply.results[3]?.reply?.workerId).toBe('d-1');
  });

  it('refuses an oversized batch', async () => {
    registry = await startTestRegistry();
    const requests = Array.from({ length: 1001 }, (_, i) => ({ name: `n${i}`, maxConcurrentJobs: 1 }));
    expect(rawError(await registry.raw.call('RegisterBatch', { requests })).code).toBe(status.INVALID_ARGUMENT);
    expect(registry.host.core.memberCount).toBe(0);
  });
});

// Admin RPCs with an admin token configured: UNAUTHENTICATED without `authorization: Bearer
// <admin token>` (or with a wrong one, or the join token), accepted with it; reads stay open
// unless reads are protected; nothing changes on a refused call.
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_RPCS, READ_RPCS } from '../../../runtime/grpc/admin-auth.ts';
import { rawError, rawValue, startTestRegistry, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

const ADMIN = 'Bearer admin-secret';

describe('gRPC admin token', () => {
  it('every admin RPC is UNAUTHENTICATED without the admin token, and changes nothing', async () => {
    registry = await startTestRegistry({ joinToken: 'join-secret', adminToken: 'admin-secret' });
    expect([...ADMIN_RPCS].sort()).toEqual(['Drain', 'PreRegister', 'SubmitJob', 'TriggerCleanup', 'TriggerHealthCheck', 'TriggerReconnect', 'Unregister']);
    const requests: Record<string, object> = {
      PreRegister: { name: 'n', address: '10.0.0.5:7000', workerId: 'p' }, Unregister: { workerId: 'p' }, Drain: { workerId: 'p' },
      TriggerHealthCheck: {}, TriggerCleanup: {}, TriggerReconnect: {}, SubmitJob: { kind: 'k', jobId: 'j' },
    };
    for (const name of ADMIN_RPCS) {
      for (const authorization of [undefined, 'Bearer wrong', 'Bearer join-secret', 'admin-secret', 'Basic admin-secret']) {
        const error = rawError(await registry.raw.call(name, requests[name]!, authorization));
        expect([name, authorization, error.code]).toEqual([name, authorization, status.UNAUTHENTICATED]);
        expect(error.details).toMatch(/needs the admin token/);
      }
    }
    expect(registry.host.core.memberCount).toBe(0);
    expect(registry.host.core.jobCount).toBe(0);
    expect(rawValue(await registry.raw.call('PreRegister', requests.PreRegister!, ADMIN))).toEqual({ workerId: 'p', created: true });
    expect(rawValue(await registry.raw.call('SubmitJob', requests.SubmitJob!, ADMIN))).toMatchObject({ jobId: 'j', created: true });
    expect(rawValue(await registry.raw.call('TriggerHealthCheck', {}, ADMIN))).toBeDefined();
  });

  it('reads are open by default and need the admin token with protectReads', async () => {
    registry = await startTestRegistry({ adminToken: 'admin-secret' });
    expect(rawValue(await registry.raw.call('Stats', {}))).toMatchObject({ total: 0 });
    await registry.stop();
    registry = await startTestRegistry({ adminToken: 'admin-secret', protectReads: true });
    for (const name of READ_RPCS) {
      const request = name === 'GetWorker' ? { workerId: 'x' } : name === 'GetJob' ? { jobId: 'x' } : {};
      expect([name, rawError(await registry.raw.call(name, request)).code]).toEqual([name, status.UNAUTHENTICATED]);
    }
    expect(rawValue(await registry.raw.call('Stats', {}, ADMIN))).toMatchObject({ total: 0 });
  });
});

// Heartbeats over real gRPC, unary and on the bidirectional stream: acks, the re-register
// codes, the drain instruction, what a heartbeat reports, order on the stream, and a stream
// that stops answering.
import { Server, ServerCredentials, status, type ServerDuplexStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { viewOf } from '../../../machines/registry/queries.ts';
import type { HeartbeatReply, HeartbeatRequest, RegisterReply } from '../../../machines/registry/registry.types.ts';
import { registryMethods } from '../../../runtime/grpc/load-proto.ts';
import { GrpcRegistryConnection } from '../../../runtime/grpc/registry-client.ts';
import type { RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { failure, rawValue, registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

function beat(session: RegisterReply, extra: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return { workerId: session.workerId, epoch: session.epoch, sessionToken: session.sessionToken, currentJobs: 0, ...extra };
}

describe('Heartbeat (unary)', () => {
  it('acks with no instruction and the interval, and records the beat', async () => {
    registry = await startTestRegistry();
    const session = value(await registry.connection.register(registration()));
    const ack = value(await registry.connection.heartbeat(beat(session, { cpuPercent: 12.5, activeJobIds: [] })));
    expect(ack).toEqual({ instruction: 'none', heartbeatIntervalMs: 30_000 });
    expect(registry.host.core.heartbeatCount).toBe(1);
  });

  it('a stale epoch is FAILED_PRECONDITION, an unknown worker NOT_FOUND, a wrong token UNAUTHENTICATED', async () => {
    registry = await startTestRegistry();
    const old = value(await registry.connection.register(registration({ workerId: 'a' })));
    value(await registry.connection.register(registration({ workerId: 'a', workerSecret: old.workerSecret! })));
    expect(failure(await registry.connection.heartbeat(beat(old))).code).toBe('FAILED_PRECONDITION');
    expect(failure(await registry.connection.heartbeat(beat({ ...old, workerId: 'nobody' }))).code).toBe('NOT_FOUND');
    const current = value(await registry.connection.register(registration({ workerId: 'b' })));
    expect(failure(await registry.connection.heartbeat(beat({ ...current, sessionToken: 'f'.repeat(32) }))).code).toBe('UNAUTHENTICATED');
  });

  it('tells a worker the operator drained to drain', async () => {
    registry = await startTestRegistry();
    const session = value(await registry.connection.register(registration()));
    rawValue(await registry.raw.call('Drain', { workerId: session.workerId }));
    expect(value(await registry.connection.heartbeat(beat(session))).instruction).toBe('drain');
    expect(value(await registry.connection.heartbeat(beat(session, { draining: true }))).instruction).toBe('none');
  });
});

describe('what a heartbeat reports', () => {
  it("reaches the member's report, the breaker state included, on either form", async () => {
    registry = await startTestRegistry();
    const a = value(await registry.connection.register(registration({ workerId: 'a', maxConcurrentJobs: 2 })));
    value(await registry.connection.heartbeat(beat(a, { currentJobs: 0, cpuPercent: 40, memoryUsedMb: 100, memoryTotalMb: 800, errorCount: 3, message: 'ok', breakerState: 'halfOpen' })));
    expect(viewOf(registry.host.core.member('a')!).report).toEqual({
      at: expect.any(Number), currentJobs: 0, cpuPercent: 40, memoryUsedMb: 100, memoryTotalMb: 800, errorCount: 3, message: 'ok', breakerState: 'halfOpen', problem: null,
    });
    const replies: RpcResult<HeartbeatReply>[] = [];
    const stream = registry.connection.openHeartbeatStream((r) => replies.push(r));
    stream.send(beat(a, { currentJobs: 4, breakerState: 'closed' }));
    await until(() => replies.length === 1);
    expect(viewOf(registry.host.core.member('a')!).report).toMatchObject({ currentJobs: 4, breakerState: 'closed', problem: 'the worker reports 4 running jobs, over its capacity of 2' });
    stream.close();
  });

  it('an unknown breaker_state is INVALID_ARGUMENT; refusals before the core are counted by the API, the rest by the core', async () => {
    const early: string[] = [];
    registry = await startTestRegistry({ onHeartbeatFailed: (code) => early.push(code) });
    const a = value(await registry.connection.register(registration({ workerId: 'a' })));
    const odd = await registry.raw.call('Heartbeat', { workerId: 'a', epoch: a.epoch, sessionToken: a.sessionToken, breakerState: 7 });
    expect(odd.ok ? odd : odd.error.code).toBe(status.INVALID_ARGUMENT);
    const replies: RpcResult<HeartbeatReply>[] = [];
    const stream = registry.connection.openHeartbeatStream((r) => replies.push(r));
    stream.send(beat(a, { currentJobs: -1 }));
    stream.send(beat(a, { workerId: 'nobody' }));
    await until(() => replies.length === 2);
    expect(early).toEqual(['invalid_argument', 'invalid_argument']);
    expect(Object.fromEntries(registry.host.core.heartbeatFailures)).toEqual({ not_found: 1 });
    stream.close();
  });
});

describe('HeartbeatStream', () => {
  it('answers every heartbeat in order on the same stream, failures inline, and keeps going', async () => {
    registry = await startTestRegistry();
    const a = value(await registry.connection.register(registration({ workerId: 'a' })));
    const replies: RpcResult<HeartbeatReply>[] = [];
    const stream = registry.connection.openHeartbeatStream((r) => replies.push(r));
    stream.send(beat(a));
    stream.send(beat(a, { epoch: a.epoch + 5 }));
    stream.send(beat(a, { workerId: 'nobody' }));
    stream.send(beat(a, { currentJobs: -1 }));
    stream.send(beat(a));
    await until(() => replies.length === 5);
    expect(replies.map((r) => (r.ok ? r.value.instruction : r.code))).toEqual([
      'none', 'FAILED_PRECONDITION', 'NOT_FOUND', 'INVALID_ARGUMENT', 'none',
    ]);
    expect(replies[3]).toMatchObject({ ok: false, details: [{ field: 'currentJobs' }] });
    expect(registry.host.core.heartbeatCount).toBe(2);
    stream.close();
  });

  it('carries many heartbeats from several workers, each stream answered in order', async () => {
    registry = await startTestRegistry();
    const sessions = await Promise.all([1, 2, 3].map(async (i) => value(await registry.connection.register(registration({ workerId: `s${i}` })))));
    const counts = sessions.map(() => 0);
    const streams = sessions.map((s, i) => {
      const stream = registry.connection.openHeartbeatStream((r) => {
        if (r.ok) counts[i]!++;
      });
      for (let n = 0; n < 50; n++) stream.send(beat(s));
      return stream;
    });
    await until(() => counts.every((c) => c === 50));
    expect(registry.host.core.heartbeatCount).toBe(150);
    for (const s of streams) s.close();
  });

  it('reports one DEADLINE_EXCEEDED when no ack comes back in time, and nothing after', async () => {
    const silent = new Server();
    silent.addService(registryMethods, {
      HeartbeatStream: (call: ServerDuplexStream<unknown, unknown>) => call.on('error', () => {}),
    });
    const port = await new Promise<number>((resolve, reject) =>
      silent.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const connection = new GrpcRegistryConnection([`127.0.0.1:${port}`], { rpcTimeoutMs: 100 });
    const replies: RpcResult<HeartbeatReply>[] = [];
    const stream = connection.openHeartbeatStream((r) => replies.push(r));
    stream.send(beat({ workerId: 'a', epoch: 1, sessionToken: 't' } as RegisterReply));
    stream.send(beat({ workerId: 'a', epoch: 1, sessionToken: 't' } as RegisterReply));
    await until(() => replies.length > 0);
    await new Promise((r) => setTimeout(r, 150));
    expect(replies).toEqual([{ ok: false, code: 'DEADLINE_EXCEEDED', message: 'no heartbeat ack within 100 ms' }]);
    connection.close();
    silent.forceShutdown();
  });

  it('reports one UNAVAILABLE when the registry cannot be reached', async () => {
    registry = await startTestRegistry();
    const port = registry.server.port;
    await registry.server.close();
    const connection = new GrpcRegistryConnection([`127.0.0.1:${port}`], { rpcTimeoutMs: 500 });
    const replies: RpcResult<HeartbeatReply>[] = [];
    const stream = connection.openHeartbeatStream((r) => replies.push(r));
    stream.send(beat({ workerId: 'a', epoch: 1, sessionToken: 't' } as RegisterReply));
    await until(() => replies.length > 0);
    expect(replies).toMatchObject([{ ok: false, code: 'UNAVAILABLE' }]);
    connection.close();
  });
});

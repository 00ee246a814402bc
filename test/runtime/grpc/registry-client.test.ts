// The worker's GrpcRegistryConnection: failover across endpoints, deadlines, connection
// failures as UNAVAILABLE, `onEnd` exactly once, and calls after close.
import { createServer } from 'node:net';
import { Server, ServerCredentials, type ServerUnaryCall } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { registryMethods } from '../../../runtime/grpc/load-proto.ts';
import { GrpcRegistryConnection } from '../../../runtime/grpc/registry-client.ts';
import { movesOn, type RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { failure, registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

const running: RegistryUnderTest[] = [];
const connections: GrpcRegistryConnection[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  for (const r of running.splice(0)) await r.stop();
});

async function registry(): Promise<RegistryUnderTest> {
  const r = await startTestRegistry();
  running.push(r);
  return r;
}

function connect(endpoints: string[], rpcTimeoutMs = 1000): GrpcRegistryConnection {
  const c = new GrpcRegistryConnection(endpoints, { rpcTimeoutMs });
  connections.push(c);
  return c;
}

async function closedEndpoint(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `127.0.0.1:${port}`;
}

describe('GrpcRegistryConnection', () => {
  it('fails over to the next endpoint when the first is down, and wraps around', async () => {
    const down = await closedEndpoint();
    const up = await registry();
    const c = connect([down, up.endpoint]);
    expect(c.endpoint).toBe(down);
    expect(failure(await c.register(registration())).code).toBe('UNAVAILABLE');
    expect(c.failover()).toBe(up.endpoint);
    expect(value(await c.register(registration())).workerId).toBe('w-1');
    expect(c.failover()).toBe(down);
  });

  it('moves on after a refusal, and after a timeout when there is another endpoint; not after an answer', () => {
    expect(movesOn('UNAVAILABLE', 1)).toBe(true);
    expect(movesOn('DEADLINE_EXCEEDED', 1)).toBe(false); // one registry: nowhere else to go
    expect(movesOn('DEADLINE_EXCEEDED', 2)).toBe(true); // a hung or paused replica: try the next
    for (const code of ['NOT_FOUND', 'FAILED_PRECONDITION', 'RESOURCE_EXHAUSTED', 'UNAUTHENTICATED'] as const) expect(movesOn(code, 3)).toBe(false);
    expect(connect(['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3']).endpointCount).toBe(3);
  });

  it('moves a worker between two live registries, each knowing only its own sessions', async () => {
    const [a, b] = [await registry(), await registry()];
    const c = connect([a.endpoint, b.endpoint]);
    const onA = value(await c.register(registration({ workerId: 'x' })));
    c.failover();
    expect(failure(await c.heartbeat({ workerId: 'x', epoch: onA.epoch, sessionToken: onA.sessionToken, currentJobs: 0 })).code).toBe('NOT_FOUND');
    expect(value(await c.register(registration({ workerId: 'x' }))).workerId).toBe('x');
  });

  it('gives DEADLINE_EXCEEDED when the registry does not answer within rpcTimeoutMs', async () => {
    const silent = new Server();
    silent.addService(registryMethods, { Register: (_call: ServerUnaryCall<unknown, unknown>) => {} });
    const port = await new Promise<number>((resolve, reject) =>
      silent.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const c = connect([`127.0.0.1:${port}`], 100);
    const started = Date.now();
    expect(failure(await c.register(registration())).code).toBe('DEADLINE_EXCEEDED');
    expect(Date.now() - started).toBeLessThan(1000);
    silent.forceShutdown();
  });

  it('ends a tasks stream exactly once: the registry stopping, then a close', async () => {
    const r = await registry();
    const c = connect([r.endpoint]);
    const s = value(await c.register(registration()));
    const ends: (RpcResult<never> | undefined)[] = [];
    const handle = c.tasks({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken }, () => {}, (f) => ends.push(f));
    await until(() => r.streams.size === 1);
    await r.server.close();
    await until(() => ends.length === 1);
    handle.close();
    handle.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ends).toEqual([undefined]);
  });

  it('ends a tasks stream on an unreachable registry once, with UNAVAILABLE', async () => {
    const c = connect([await closedEndpoint()]);
    const ends: (RpcResult<never> | undefined)[] = [];
    const handle = c.tasks({ workerId: 'a', epoch: 1, sessionToken: 't' }, () => {}, (f) => ends.push(f));
    await until(() => ends.length === 1);
    handle.close();
    expect(ends).toMatchObject([{ ok: false, code: 'UNAVAILABLE' }]);
  });

  it('answers UNAVAILABLE after close, for calls and streams alike', async () => {
    const r = await registry();
    const c = connect([r.endpoint]);
    c.close();
    expect(failure(await c.register(registration()))).toMatchObject({ code: 'UNAVAILABLE', message: 'the registry connection is closed' });
    const ends: (RpcResult<never> | undefined)[] = [];
    c.tasks({ workerId: 'a', epoch: 1, sessionToken: 't' }, () => {}, (f) => ends.push(f));
    const replies: unknown[] = [];
    c.openHeartbeatStream((reply) => replies.push(reply));
    await until(() => ends.length === 1 && replies.length === 1);
    expect(ends).toMatchObject([{ code: 'UNAVAILABLE' }]);
    expect(replies).toMatchObject([{ code: 'UNAVAILABLE' }]);
  });

  it('refuses an empty endpoint list or a non-positive timeout', () => {
    expect(() => new GrpcRegistryConnection([], { rpcTimeoutMs: 100 })).toThrow(/at least one/);
    expect(() => new GrpcRegistryConnection(['a:1'], { rpcTimeoutMs: 0 })).toThrow(/rpcTimeoutMs/);
  });
});

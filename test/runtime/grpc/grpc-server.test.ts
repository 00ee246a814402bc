// The server bootstrap: binds port 0 and reports the port, a port in use is one clear line,
// and close() ends open streams and resolves.
import { afterEach, describe, expect, it } from 'vitest';
import { startGrpcServer } from '../../../runtime/grpc/grpc-server.ts';
import type { RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

describe('startGrpcServer', () => {
  it('binds a free port for port 0 and serves on it', async () => {
    registry = await startTestRegistry();
    expect(registry.server.port).toBeGreaterThan(0);
    expect(value(await registry.connection.register(registration())).workerId).toBe('w-1');
  });

  it('a port in use is an Error with one clear line', async () => {
    registry = await startTestRegistry();
    const attempt = startGrpcServer({ host: '127.0.0.1', port: registry.server.port, registry: registry.host, streams: registry.streams });
    const error = await attempt.then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe(`gRPC server cannot listen on 127.0.0.1:${registry.server.port}: address already in use (EADDRINUSE)`);
    expect(error?.message).not.toContain('\n');
  });

  it('close() ends open task and heartbeat streams and resolves', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    const ends: (RpcResult<never> | undefined)[] = [];
    registry.connection.tasks({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken }, () => {}, (f) => ends.push(f));
    const beats: RpcResult<unknown>[] = [];
    const stream = registry.connection.openHeartbeatStream((r) => beats.push(r));
    stream.send({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken, currentJobs: 0 });
    await until(() => registry.streams.size === 1 && beats.length === 1);
    const started = Date.now();
    await registry.server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => ends.length === 1 && beats.length === 2);
    expect(ends).toEqual([undefined]);
    expect(beats[1]).toMatchObject({ ok: false });
    expect(registry.streams.size).toBe(0);
  });
});

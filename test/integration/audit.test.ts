// The audit log with a real registry (SQLite file, so the log goes beside it by default) and
// real requests over gRPC and REST: registrations with their source address, refused join,
// admin, session and worker-secret credentials (never the credential), a drain, a
// deregistration, an operator's removal, and a clean-up and removal by the sweeps — in order,
// each on disk before its reply.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcRegistryConnection } from '../../runtime/grpc/registry-client.ts';
import type { RpcResult } from '../../runtime/grpc/registry-connection.ts';
import { startRegistry, type RunningRegistry } from '../../runtime/registry/start-registry.ts';
import { value } from '../support/grpc-harness.ts';

const JOIN = 'audit-join-token-4b1d';
const ADMIN = 'audit-admin-token-9c2e';
const WRONG = 'audit-wrong-token-77aa';
const SECRET = 'audit-secret-of-a-5e6f';

let registry: RunningRegistry;
let connections: GrpcRegistryConnection[] = [];
afterEach(async () => {
  for (const c of connections) c.close();
  connections = [];
  await registry.stop();
});

type Line = Record<string, unknown> & { t: string; event: string };

function lines(file: string): Line[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
}

describe('audit log (real registry, real requests)', () => {
  it('records who joined, left, was drained or removed, and every refused credential, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-audit-'));
    // a and b must stay live through the first part (2 s of slack); c, left alone, is cleaned up and removed.
    const fast = { heartbeatInterval: '500ms', unhealthyAfter: '2s', failedAfter: '300ms', healthCheckInterval: '1m', cleanupInterval: '100ms', cleanupAfter: '200ms', removeAfter: '200ms', deadlineResolution: '50ms' };
    registry = await startRegistry({ db: join(dir, 'r.db'), grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), joinToken: JOIN, adminToken: ADMIN, config: { overrides: fast } });
    const file = join(dir, 'r.db.audit.jsonl');
    expect(registry.auditFile).toBe(file);
    const endpoint = `127.0.0.1:${registry.grpcPort}`;
    const connect = (token: string) => {
      const c = new GrpcRegistryConnection([endpoint], { rpcTimeoutMs: 2000, joinToken: token });
      connections.push(c);
      return c;
    };
    const rest = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${registry.httpPort}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const grpc = connect(JOIN);

    const a = value(await grpc.register({ workerId: 'a', workerSecret: SECRET, name: 'a', address: '127.0.0.1:7001', maxConcurrentJobs: 1 }));
    // On disk before the reply: the line is there as soon as the call returns.
    expect(lines(file).at(-1)).toMatchObject({ event: 'registered', id: 'a', epoch: 1, returning: false, api: 'grpc', source: '127.0.0.1' });
    expect((await rest('POST', '/api/workers', JOIN, { workerId: 'b', name: 'b', address: '127.0.0.1:7002', maxConcurrentJobs: 1 })).status).toBe(201);
    expect(lines(file).at(-1)).toMatchObject({ event: 'registered', id: 'b', api: 'rest', source: '127.0.0.1' });

    // Refused credentials: join (REST, gRPC), admin (REST), session (gRPC), worker secret (gRPC).
    expect((await rest('POST', '/api/workers', WRONG, { workerId: 'x', name: 'x', address: '127.0.0.1:7003', maxConcurrentJobs: 1 })).status).toBe(401);
    expect((await connect(WRONG).register({ workerId: 'y', name: 'y', address: '127.0.0.1:7004', maxConcurrentJobs: 1 })).ok).toBe(false);
    expect((await rest('POST', '/api/workers/b/drain', WRONG)).status).toBe(401);
    expect((await grpc.heartbeat({ workerId: 'a', epoch: a.epoch, sessionToken: WRONG, currentJobs: 0 })).ok).toBe(false);
    const onStream = await new Promise<RpcResult<unknown>>((resolve) => {
      const stream = grpc.openHeartbeatStream((reply) => {
        stream.close();
        resolve(reply);
      });
      stream.send({ workerId: 'a', epoch: a.epoch, sessionToken: WRONG, currentJobs: 0 });
    });
    expect(onStream.ok).toBe(false);
    expect((await grpc.register({ workerId: 'a', workerSecret: WRONG, name: 'a', address: '127.0.0.1:7001', maxConcurrentJobs: 1 })).ok).toBe(false);

    // An operator drains b; a deregisters; the operator removes b; c registers and dies.
    expect((await rest('POST', '/api/workers/b/drain', ADMIN)).status).toBe(200);
    value(await grpc.deregister({ workerId: 'a', epoch: a.epoch, sessionToken: a.sessionToken, reason: 'shutting down' }));
    expect((await rest('DELETE', '/api/workers/b', ADMIN)).status).toBe(200);
    value(await grpc.register({ workerId: 'c', name: 'c', address: '127.0.0.1:7005', maxConcurrentJobs: 1 }));
    const deadline = Date.now() + 10_000;
    while (!lines(file).some((l) => l.event === 'removed' && l.id === 'c') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const log = lines(file);
    const shown = log.map(({ t: _t, ...rest }) => rest);
    // a, inactive since its deregistration, is removed by the sweeps too, at a time of their choosing.
    const sweptA = shown.findIndex((l) => l.event === 'removed' && l.id === 'a');
    expect(shown[sweptA]).toEqual({ event: 'removed', id: 'a' });
    expect(sweptA).toBeGreaterThan(shown.findIndex((l) => l.event === 'deregistered'));
    shown.splice(sweptA, 1);
    expect(shown).toEqual([
      { event: 'registered', id: 'a', epoch: 1, returning: false, api: 'grpc', source: '127.0.0.1' },
      { event: 'registered', id: 'b', epoch: 1, returning: false, api: 'rest', source: '127.0.0.1' },
      { event: 'auth.refused', method: 'POST', route: '/api/workers', credential: 'join', api: 'rest', source: '127.0.0.1' },
      { event: 'auth.refused', rpc: 'Register', credential: 'join', api: 'grpc', source: '127.0.0.1' },
      { event: 'auth.refused', method: 'POST', route: '/api/workers/:id/drain', credential: 'admin', api: 'rest', source: '127.0.0.1' },
      { event: 'auth.refused', rpc: 'Heartbeat', credential: 'session', api: 'grpc', source: '127.0.0.1' },
      { event: 'auth.refused', rpc: 'HeartbeatStream', credential: 'session', api: 'grpc', source: '127.0.0.1' },
      { event: 'auth.refused', rpc: 'Register', credential: 'secret', api: 'grpc', source: '127.0.0.1' },
      { event: 'drained', id: 'b', epoch: 1, reason: 'drain requested', api: 'rest', source: '127.0.0.1' },
      { event: 'deregistered', id: 'a', epoch: 1, reason: 'shutting down', api: 'grpc', source: '127.0.0.1' },
      { event: 'removed', id: 'b', api: 'rest', source: '127.0.0.1' },
      { event: 'registered', id: 'c', epoch: 1, returning: false, api: 'grpc', source: '127.0.0.1' },
      // The sweeps' own doing carries no API or source.
      { event: 'cleaned', id: 'c', epoch: 1, reason: 'cleaned up after failure' },
      { event: 'removed', id: 'c' },
    ]);
    const times = log.map((l) => Date.parse(l.t));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const text = readFileSync(file, 'utf8');
    for (const secret of [JOIN, ADMIN, WRONG, SECRET, a.sessionToken]) expect(text).not.toContain(secret);
  });

  it('goes where --audit-log says, and nowhere for an in-memory registry or when turned off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-audit-'));
    const quiet = { grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), joinToken: JOIN, adminToken: ADMIN };
    registry = await startRegistry({ ...quiet, db: ':memory:' });
    expect(registry.auditFile).toBeNull();
    await registry.stop();
    registry = await startRegistry({ ...quiet, db: join(dir, 'off.db'), auditLog: null });
    expect(registry.auditFile).toBeNull();
    await registry.stop();
    const chosen = join(dir, 'chosen.jsonl');
    registry = await startRegistry({ ...quiet, db: ':memory:', auditLog: chosen });
    expect((await fetch(`http://127.0.0.1:${registry.httpPort}/api/health/check`, { method: 'POST' })).status).toBe(401);
    expect(lines(chosen)).toMatchObject([{ event: 'auth.refused', route: '/api/health/check', credential: 'admin' }]);
  });
});

// WorkerAgent over real gRPC: Attach and Ping served by a worker, and the registry's dialer,
// which answers ok only for an accepted Attach and why not for anything else, never throwing,
// and leaves no socket open once it has answered.
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { Client, credentials, Metadata, Server, ServerCredentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { methodOf, workerAgentMethods } from '../../../runtime/grpc/load-proto.ts';
import { addWorkerAgentService, dialWorkerAgent, type WorkerAgentHandlers } from '../../../runtime/grpc/worker-agent.ts';
import { rawValue, startTestRegistry, until, type RegistryUnderTest } from '../../support/grpc-harness.ts';

const servers: Server[] = [];
const listeners: NetServer[] = [];
let registry: RegistryUnderTest | undefined;
afterEach(async () => {
  for (const s of servers.splice(0)) s.forceShutdown();
  for (const l of listeners.splice(0)) l.close();
  await registry?.stop();
  registry = undefined;
});

async function startAgent(handlers: Partial<WorkerAgentHandlers>): Promise<string> {
  const server = new Server();
  addWorkerAgentService(server, { onAttach: () => true, onPing: () => ({ workerId: 'w-1', state: 'active' }), ...handlers });
  servers.push(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return `127.0.0.1:${port}`;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A TCP listener that accepts, reads and never answers (a wedged worker); counts sockets still open. */
async function silentListener(): Promise<{ address: string; open: Set<Socket>; accepted: () => number }> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => {});
    socket.resume(); // reads, so it sees the other end close
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listeners.push(server);
  return { address: `127.0.0.1:${(server.address() as { port: number }).port}`, open, accepted: () => accepted };
}

const request = { registryEndpoint: '10.0.0.1:50051', workerId: 'w-7', joinToken: 'tok' };

describe('WorkerAgent service', () => {
  it('Attach hands the endpoint, ID and token to the worker and answers what it decided', async () => {
    const seen: string[][] = [];
    const yes = await startAgent({ onAttach: (...args) => (seen.push(args), true) });
    const no = await startAgent({ onAttach: async () => false });
    expect(await dialWorkerAgent(yes, request, 1000)).toEqual({ ok: true });
    expect(seen).toEqual([['10.0.0.1:50051', 'w-7', 'tok']]);
    expect(await dialWorkerAgent(no, request, 1000)).toEqual({ ok: false, reason: 'the worker declined (draining or stopped)' });
  });

  it('Ping answers the worker ID and state', async () => {
    const address = await startAgent({ onPing: () => ({ workerId: 'w-9', state: 'reconnecting' }) });
    const ping = methodOf<object, object>(workerAgentMethods, 'Ping');
    const client = new Client(address, credentials.createInsecure());
    const reply = await new Promise((resolve, reject) =>
      client.makeUnaryRequest(ping.path, ping.requestSerialize, ping.responseDeserialize, {}, new Metadata(), { deadline: Date.now() + 1000 }, (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
    client.close();
    expect(reply).toEqual({ workerId: 'w-9', state: 'reconnecting' });
  });
});

describe('dialWorkerAgent', () => {
  it('says why, never a throw, when the worker fails the attach or the request is bad', async () => {
    const failing = await startAgent({ onAttach: () => { throw new Error('disk full'); } });
    expect(await dialWorkerAgent(failing, request, 1000)).toMatchObject({ ok: false, reason: expect.stringContaining('disk full') });
    expect(await dialWorkerAgent(failing, { ...request, registryEndpoint: '' }, 1000)).toMatchObject({ ok: false, reason: expect.stringContaining('registryEndpoint') });
    expect(await dialWorkerAgent('not a target ::: at all', request, 200)).toMatchObject({ ok: false });
  });

  it('fails for a refused port', async () => {
    const started = Date.now();
    expect(await dialWorkerAgent(`127.0.0.1:${await closedPort()}`, request, 2000)).toMatchObject({ ok: false, reason: expect.stringContaining('UNAVAILABLE') });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('fails after the timeout when the worker does not answer', async () => {
    const hanging = await startAgent({ onAttach: () => new Promise<boolean>(() => {}) });
    const started = Date.now();
    expect(await dialWorkerAgent(hanging, request, 150)).toMatchObject({ ok: false, reason: expect.stringContaining('DEADLINE_EXCEEDED') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('closes its socket to an agent that accepts TCP and never speaks, each of ten times', async () => {
    const silent = await silentListener();
    for (let i = 0; i < 10; i++) {
      expect(await dialWorkerAgent(silent.address, request, 100)).toMatchObject({ ok: false, reason: expect.stringContaining('DEADLINE_EXCEEDED') });
    }
    await until(() => silent.open.size === 0, 1000);
    expect(silent.accepted()).toBe(10);
    expect(silent.open.size).toBe(0);
  });

  it('ends at once when its signal aborts, closing its socket and saying why', async () => {
    const silent = await silentListener();
    const dial = new AbortController();
    const started = Date.now();
    const outcome = dialWorkerAgent(silent.address, request, 10_000, { signal: dial.signal });
    await until(() => silent.open.size === 1, 2000);
    dial.abort('the member was removed');
    expect(await outcome).toEqual({ ok: false, reason: 'cancelled: the member was removed' });
    await until(() => silent.open.size === 0, 1000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('serves as the registry dial port: TriggerReconnect attaches a pre-registered worker', async () => {
    const attached: string[] = [];
    const agent = await startAgent({ onAttach: (_endpoint, workerId) => (attached.push(workerId), true) });
    registry = await startTestRegistry({
      dialPort: (member, done) => {
        dialWorkerAgent(member.address, { registryEndpoint: registry!.endpoint, workerId: member.id, joinToken: '' }, 1000).then((outcome) => done(outcome.ok));
      },
    });
    rawValue(await registry.raw.call('PreRegister', { name: 'edge', address: agent, workerId: 'edge-1' }));
    expect(rawValue(await registry.raw.call('TriggerReconnect', {}))).toEqual({ dialed: 1 });
    await until(() => registry!.events.some((e) => e.type === 'reconnect.succeeded'));
    expect(attached).toEqual(['edge-1']);
  });
});

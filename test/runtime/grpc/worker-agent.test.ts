// WorkerAgent over real gRPC: Attach and Ping served by a worker, and the registry's dialer,
// which answers true only for an accepted Attach and false for anything else, never throwing.
import { createServer } from 'node:net';
import { Client, credentials, Metadata, Server, ServerCredentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { methodOf, workerAgentMethods } from '../../../runtime/grpc/load-proto.ts';
import { addWorkerAgentService, dialWorkerAgent, type WorkerAgentHandlers } from '../../../runtime/grpc/worker-agent.ts';
import { rawValue, startTestRegistry, until, type RegistryUnderTest } from '../../support/grpc-harness.ts';

const servers: Server[] = [];
let registry: RegistryUnderTest | undefined;
afterEach(async () => {
  for (const s of servers.splice(0)) s.forceShutdown();
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

const request = { registryEndpoint: '10.0.0.1:50051', workerId: 'w-7', joinToken: 'tok' };

describe('WorkerAgent service', () => {
  it('Attach hands the endpoint, ID and token to the worker and answers what it decided', async () => {
    const seen: string[][] = [];
    const yes = await startAgent({ onAttach: (...args) => (seen.push(args), true) });
    const no = await startAgent({ onAttach: async () => false });
    expect(await dialWorkerAgent(yes, request, 1000)).toBe(true);
    expect(seen).toEqual([['10.0.0.1:50051', 'w-7', 'tok']]);
    expect(await dialWorkerAgent(no, request, 1000)).toBe(false);
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
  it('is false, never a throw, when the worker fails the attach or the request is bad', async () => {
    const failing = await startAgent({ onAttach: () => { throw new Error('disk full'); } });
    expect(await dialWorkerAgent(failing, request, 1000)).toBe(false);
    expect(await dialWorkerAgent(failing, { ...request, registryEndpoint: '' }, 1000)).toBe(false);
    expect(await dialWorkerAgent('not a target ::: at all', request, 200)).toBe(false);
  });

  it('is false for a refused port', async () => {
    const started = Date.now();
    expect(await dialWorkerAgent(`127.0.0.1:${await closedPort()}`, request, 2000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('is false after the timeout when the worker does not answer', async () => {
    const hanging = await startAgent({ onAttach: () => new Promise<boolean>(() => {}) });
    const started = Date.now();
    expect(await dialWorkerAgent(hanging, request, 150)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('serves as the registry dial port: TriggerReconnect attaches a pre-registered worker', async () => {
    const attached: string[] = [];
    const agent = await startAgent({ onAttach: (_endpoint, workerId) => (attached.push(workerId), true) });
    registry = await startTestRegistry({
      dialPort: (member, done) => {
        dialWorkerAgent(member.address, { registryEndpoint: registry!.endpoint, workerId: member.id, joinToken: '' }, 1000).then(done);
      },
    });
    rawValue(await registry.raw.call('PreRegister', { name: 'edge', address: agent, workerId: 'edge-1' }));
    expect(rawValue(await registry.raw.call('TriggerReconnect', {}))).toEqual({ dialed: 1 });
    await until(() => registry!.events.some((e) => e.type === 'reconnect.succeeded'));
    expect(attached).toEqual(['edge-1']);
  });
});

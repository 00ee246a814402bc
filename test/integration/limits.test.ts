// Abuse limits with a real registry and real clients: a gRPC message or REST body over
// maxMessageBytes is refused (RESOURCE_EXHAUSTED / 413 in the usual error shape), and one peer
// cannot hold more than maxStreamsPerPeer HeartbeatStream and Tasks streams open at once — the
// next is refused with RESOURCE_EXHAUSTED, and a slot comes back when a stream closes.
import { Client, credentials, Metadata, status as Status, type ClientDuplexStream } from '@grpc/grpc-js';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { methodOf, registryMethods } from '../../runtime/grpc/load-proto.ts';
import { startRegistry, type RunningRegistry } from '../../runtime/registry/start-registry.ts';
import { grpcRegister } from '../support/tls-clients.ts';

let registry: RunningRegistry;
let client: Client;
afterEach(async () => {
  client?.close();
  await registry.stop();
});

async function start(overrides: Record<string, string>): Promise<void> {
  registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), joinToken: 'jt', adminToken: 'at', config: { overrides } });
  client = new Client(`127.0.0.1:${registry.grpcPort}`, credentials.createInsecure());
}

type Outcome = 'ack' | { status: number; details: string };

/** Opens a HeartbeatStream and sends one heartbeat: 'ack' when the stream answers, else how it ended. */
function openHeartbeatStream(): { call: ClientDuplexStream<object, object>; outcome: Promise<Outcome> } {
  const method = methodOf<object, object>(registryMethods, 'HeartbeatStream');
  const call = client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, new Metadata());
  const outcome = new Promise<Outcome>((resolve) => {
    call.once('data', () => resolve('ack'));
    call.on('error', () => {});
    call.once('status', (s) => resolve({ status: s.code, details: s.details }));
  });
  call.write({ workerId: 'nobody', epoch: 1, sessionToken: 'x', currentJobs: 0 });
  return { call, outcome };
}

/** Opens a Tasks stream for a session that does not exist: how it ended. */
function openTasksStream(): Promise<{ status: number; details: string }> {
  const method = methodOf<object, object>(registryMethods, 'Tasks');
  const call = client.makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, { workerId: 'nobody', epoch: 1, sessionToken: 'x' }, new Metadata());
  return new Promise((resolve) => {
    call.on('error', () => {});
    call.once('status', (s) => resolve({ status: s.code, details: s.details }));
  });
}

describe('abuse limits (real registry, real clients)', () => {
  it('a gRPC message or REST body over maxMessageBytes is refused', async () => {
    await start({ maxMessageBytes: '65536' });
    const huge = 'x'.repeat(100_000);
    const method = methodOf<object, object>(registryMethods, 'Register');
    const error = await new Promise<{ code: number; details: string }>((resolve) => {
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { name: huge, maxConcurrentJobs: 1, address: '127.0.0.1:9', joinToken: 'jt' }, (e) => resolve(e!));
    });
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(registry.host.core.memberCount).toBe(0);
    // Just under the limit is fine.
    expect(await grpcRegister(`127.0.0.1:${registry.grpcPort}`, credentials.createInsecure(), 'jt')).toHaveProperty('workerId');

    const reply = await fetch(`http://127.0.0.1:${registry.httpPort}/api/workers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer jt' },
      body: JSON.stringify({ name: huge, maxConcurrentJobs: 1, address: '127.0.0.1:10' }),
    });
    expect(reply.status).toBe(413);
    expect(await reply.json()).toEqual({ error: { code: 'payload_too_large', message: 'the request body is too large' } });
  });

  it('one peer holds at most maxStreamsPerPeer streams; the next is refused until one closes', async () => {
    await start({ maxStreamsPerPeer: '3' });
    const open = [openHeartbeatStream(), openHeartbeatStream(), openHeartbeatStream()];
    expect(await Promise.all(open.map((s) => s.outcome))).toEqual(['ack', 'ack', 'ack']);
    const fourth = await openHeartbeatStream().outcome;
    expect(fourth).toEqual({ status: Status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/^too many open streams from 127\.0\.0\.1: at most 3 .*\(maxStreamsPerPeer\); HeartbeatStream refused$/) });
    expect(await openTasksStream()).toMatchObject({ status: Status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/Tasks refused$/) });

    // Closing one gives its slot back: a Tasks stream now gets as far as the session check.
    open[0]!.call.cancel();
    const deadline = Date.now() + 5000;
    let tasks = await openTasksStream();
    while (tasks.status === Status.RESOURCE_EXHAUSTED && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      tasks = await openTasksStream();
    }
    expect(tasks.status).toBe(Status.NOT_FOUND);
    // That refused Tasks stream ended and gave its slot back too: a new HeartbeatStream fits.
    expect(await openHeartbeatStream().outcome).toBe('ack');
    for (const s of open) s.call.cancel();
  });
});

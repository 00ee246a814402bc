// Toxics and proxy states that end connections, on real sockets through the npm client:
// timeout, reset_peer, limit_data, noop, disable/delete as a partition, dead upstreams.
import type { Toxiproxy, ToxicType } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { portOf, Probe, sleep, startUpstream, useProxyServer, type Upstream } from './helpers.ts';


// The client's type union omits noop, which the server accepts.
const NOOP = 'noop' as ToxicType;
let server: ProxyServer;
let client: Toxiproxy;
let echo: Upstream;
let serial = 0;
useProxyServer((env) => ({ server, client, upstream: echo } = env));

async function proxyTo(upstream: Upstream | string) {
  const address = typeof upstream === 'string' ? upstream : upstream.address;
  const proxy = await client.createProxy({ name: `c${++serial}`, listen: '127.0.0.1:0', upstream: address });
  return { proxy, port: portOf(proxy.listen) };
}

// An upstream that records what each connection received and how it ended.
async function recordingUpstream() {
  const received: Buffer[] = [];
  const endings: Promise<string>[] = [];
  const upstream = await startUpstream((socket) => {
    const index = received.push(Buffer.alloc(0)) - 1;
    socket.on('data', (data: Buffer) => (received[index] = Buffer.concat([received[index]!, data])));
    endings.push(new Promise((resolve) => {
      let how = 'end';
      socket.on('error', (error: NodeJS.ErrnoException) => (how = error.code === 'ECONNRESET' ? 'reset' : String(error.code)));
      socket.once('close', () => resolve(how));
    }));
  });
  return { upstream, received, endings };
}

describe('timeout', () => {
  it('drops data and closes both sides timeout ms after the toxic starts', async () => {
    const { upstream, received, endings } = await recordingUpstream();
    try {
      const { proxy, port } = await proxyTo(upstream);
      await proxy.addToxic({ type: 'timeout', name: 't', stream: 'upstream', toxicity: 1, attributes: { timeout: 300 } });
      const probe = new Probe(port);
      probe.socket.write('dropped');
      const ending = await probe.ending;
      expect(ending.how).toBe('end');
      expect(ending.atMs).toBeGreaterThanOrEqual(290);
      expect(ending.atMs).toBeLessThan(800);
      expect(await endings[0]).toBe('end');
      expect(received[0]!.length).toBe(0);
    } finally {
      await upstream.close();
    }
  });

  it('restarts its timer on every chunk in its direction', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'timeout', name: 't', stream: 'upstream', toxicity: 1, attributes: { timeout: 300 } });
    const probe = new Probe(port);
    for (let i = 0; i < 6; i++) {
      probe.socket.write('ping');
      await sleep(100);
    }
    const lastPingAt = probe.elapsed() - 100;
    expect(probe.socket.destroyed).toBe(false);
    const ending = await probe.ending;
    expect(ending.atMs - lastPingAt).toBeGreaterThanOrEqual(250);
    expect(probe.received.length).toBe(0);
  });

  it('with timeout 0 drops data for ever, and closes the connection when removed, even at toxicity 0', async () => {
    const { proxy, port } = await proxyTo(echo);
    const toxic = await proxy.addToxic({ type: 'timeout', name: 'forever', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
    const probe = new Probe(port);
    probe.socket.write('lost');
    await sleep(400);
    expect(probe.received.length).toBe(0);
    expect(probe.socket.destroyed).toBe(false);
    await toxic.remove();
    expect((await probe.ending).how).toBe('end');

    const skipped = await proxy.addToxic({ type: 'timeout', name: 'skipped', stream: 'downstream', toxicity: 0, attributes: { timeout: 0 } });
    const lucky = new Probe(port);
    lucky.socket.write('flows');
    await lucky.waitFor(5);
    await skipped.remove();
    expect((await lucky.ending).how).toBe('end');
  });
});

describe('reset_peer', () => {
  it('resets both peers at the first chunk when present before the connection', async () => {
    const { upstream, endings } = await recordingUpstream();
    try {
      const { proxy, port } = await proxyTo(upstream);
      await proxy.addToxic({ type: 'reset_peer', name: 'rp', stream: 'upstream', toxicity: 1, attributes: { timeout: 0 } });
      const probe = new Probe(port);
      await probe.connected;
      await sleep(50);
      probe.socket.write('boom');
      expect((await probe.ending).how).toBe('reset');
      expect(await endings[0]).toBe('reset');
    } finally {
      await upstream.close();
    }
  });

  it('waits timeout ms after the first chunk, does nothing without traffic, and resets live connections too', async () => {
    const { proxy, port } = await proxyTo(echo);
    const probe = new Probe(port);
    await probe.connected;
    await proxy.addToxic({ type: 'reset_peer', name: 'rp', stream: 'downstream', toxicity: 1, attributes: { timeout: 200 } });
    await sleep(300);
    expect(probe.socket.destroyed).toBe(false);
    const sentAt = probe.elapsed();
    probe.socket.write('x');
    const ending = await probe.ending;
    expect(ending.how).toBe('reset');
    expect(ending.atMs - sentAt).toBeGreaterThanOrEqual(190);
    expect(probe.received.length).toBe(0);
  });
});

describe('limit_data', () => {
  it('passes exactly bytes, then closes both sides', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'limit_data', name: 'ld', stream: 'downstream', toxicity: 1, attributes: { bytes: 10 } });
    const probe = new Probe(port);
    probe.socket.write('abcdef');
    await probe.waitFor(6);
    probe.socket.write('ghijkl');
    const ending = await probe.ending;
    expect(ending.how).toBe('end');
    expect(probe.received.toString()).toBe('abcdefghij');
  });

  it('with bytes 0 keeps the connection until the first chunk, forwarding nothing', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'limit_data', name: 'ld0', stream: 'upstream', toxicity: 1, attributes: { bytes: 0 } });
    const probe = new Probe(port);
    await sleep(200);
    expect(probe.socket.destroyed).toBe(false);
    probe.socket.write('x');
    expect((await probe.ending).how).toBe('end');
    expect(probe.received.length).toBe(0);
  });

  it('keeps its count across an update', async () => {
    const { proxy, port } = await proxyTo(echo);
    const toxic = await proxy.addToxic({ type: 'limit_data', name: 'ldu', stream: 'downstream', toxicity: 1, attributes: { bytes: 8 } });
    const probe = new Probe(port);
    probe.socket.write('12345');
    await probe.waitFor(5);
    await toxic.update({ ...toxic.toJson(), attributes: { bytes: 7 } });
    probe.socket.write('67890');
    await probe.ending;
    expect(probe.received.toString()).toBe('1234567');
  });
});

describe('noop and plain piping', () => {
  it('passes bytes unchanged in both directions', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: NOOP, name: 'n', stream: 'upstream', toxicity: 1, attributes: {} });
    const payload = Buffer.alloc(3_000_000);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
    const probe = new Probe(port);
    probe.socket.write(payload);
    await probe.waitFor(payload.length, 10_000);
    expect(probe.received.equals(payload)).toBe(true);
    probe.close();
  });

  it('does not keep half-closed connections: a client FIN closes the whole connection', async () => {
    const { upstream, endings } = await recordingUpstream();
    try {
      const { port } = await proxyTo(upstream);
      const probe = new Probe(port);
      await probe.connected;
      await sleep(50);
      probe.socket.end('last');
      expect((await probe.ending).how).toBe('end');
      expect(await endings[0]).toBe('end');
    } finally {
      await upstream.close();
    }
  });

  it('accepts then closes a client when the upstream refuses', async () => {
    const dead = await startUpstream();
    await dead.close();
    const { port } = await proxyTo(dead.address);
    const probe = new Probe(port);
    await probe.connected;
    expect((await probe.ending).how).toBe('end');
  });
});

describe('disable and delete as a partition', () => {
  it('closes live connections and refuses new ones until re-enabled', async () => {
    const { proxy, port } = await proxyTo(echo);
    const probe = new Probe(port);
    probe.socket.write('a');
    await probe.waitFor(1);
    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled.enabled).toBe(false);
    expect((await probe.ending).how).toBe('end');
    expect((await new Probe(port).ending).how).toBe('refused');
    await disabled.update({ enabled: true, listen: disabled.listen, upstream: disabled.upstream });
    const again = new Probe(port);
    again.socket.write('b');
    await again.waitFor(1);
    again.close();
  });

  it('keeps toxics across disable and enable', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'latency', name: 'kept', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 0 } });
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    const probe = new Probe(port);
    await probe.connected;
    const start = probe.elapsed();
    probe.socket.write('k');
    expect((await probe.waitFor(1)) - start).toBeGreaterThanOrEqual(145);
    probe.close();
  });

  it('removing one proxy leaves the others serving', async () => {
    const a = await proxyTo(echo);
    const b = await proxyTo(echo);
    const probe = new Probe(b.port);
    probe.socket.write('1');
    await probe.waitFor(1);
    await a.proxy.remove();
    probe.socket.write('2');
    await probe.waitFor(2);
    probe.close();
  });
});

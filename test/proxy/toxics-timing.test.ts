// Toxics that shape timing, measured on real loopback sockets through the npm client:
// latency (+ jitter, pipelining, chaining, live add/update/remove), bandwidth, slicer, slow_close.
import { Toxiproxy, type ToxicType } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { sliceBounds } from '../../runtime/proxy/toxics/slicer.toxic.ts';
import { portOf, Probe, sleep, startServer, startUpstream, useProxyServer, type Upstream } from './helpers.ts';


// The client's type union omits noop, which the server accepts.
const NOOP = 'noop' as ToxicType;
let server: ProxyServer;
let client: Toxiproxy;
let echo: Upstream;
let serial = 0;
useProxyServer((env) => ({ server, client, upstream: echo } = env));

async function proxyTo(upstream: Upstream) {
  const proxy = await client.createProxy({ name: `t${++serial}`, listen: '127.0.0.1:0', upstream: upstream.address });
  return { proxy, port: portOf(proxy.listen) };
}

// Round trip of `text` through an echo: ms from write to the full echo.
async function roundTrip(probe: Probe, text: string): Promise<number> {
  const start = probe.elapsed();
  const want = probe.received.length + text.length;
  probe.socket.write(text);
  return (await probe.waitFor(want)) - start;
}

describe('latency', () => {
  it('delays a round trip by the latency, and only while the toxic is there (live add/remove)', async () => {
    const { proxy, port } = await proxyTo(echo);
    const probe = new Probe(port);
    expect(await roundTrip(probe, 'a')).toBeLessThan(100);
    const toxic = await proxy.addToxic({ type: 'latency', name: 'lat', stream: 'downstream', toxicity: 1, attributes: { latency: 200, jitter: 0 } });
    const delayed = await roundTrip(probe, 'b');
    expect(delayed).toBeGreaterThanOrEqual(195);
    expect(delayed).toBeLessThan(450);
    await toxic.update({ ...toxic.toJson(), attributes: { latency: 100, jitter: 0 } });
    const updated = await roundTrip(probe, 'c');
    expect(updated).toBeGreaterThanOrEqual(95);
    expect(updated).toBeLessThan(180);
    await toxic.remove();
    expect(await roundTrip(probe, 'd')).toBeLessThan(100);
    probe.close();
  });

  it('applies upstream latency to client-to-server bytes', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'latency', name: 'up', stream: 'upstream', toxicity: 1, attributes: { latency: 150, jitter: 0 } });
    const probe = new Probe(port);
    await probe.connected;
    expect(await roundTrip(probe, 'x')).toBeGreaterThanOrEqual(145);
    probe.close();
  });

  it('is pipelined: two writes 100 ms apart through 300 ms arrive about 300 and 400 ms later', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'latency', name: 'p', stream: 'downstream', toxicity: 1, attributes: { latency: 300, jitter: 0 } });
    const probe = new Probe(port);
    await probe.connected;
    const start = probe.elapsed();
    probe.socket.write('1');
    await sleep(100);
    probe.socket.write('2');
    const first = (await probe.waitFor(1)) - start;
    const second = (await probe.waitFor(2)) - start;
    expect(first).toBeGreaterThanOrEqual(295);
    expect(second).toBeGreaterThanOrEqual(395);
    expect(second).toBeLessThan(600);
    probe.close();
  });

  it('adds up across two latency toxics in series', async () => {
    const { proxy, port } = await proxyTo(echo);
    await proxy.addToxic({ type: 'latency', name: 'l1', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 0 } });
    await proxy.addToxic({ type: 'latency', name: 'l2', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 0 } });
    const probe = new Probe(port);
    await probe.connected;
    const rtt = await roundTrip(probe, 'z');
    expect(rtt).toBeGreaterThanOrEqual(295);
    expect(rtt).toBeLessThan(550);
    probe.close();
  });

  it('forwards data held by a latency toxic at once when the toxic is removed', async () => {
    const { proxy, port } = await proxyTo(echo);
    const toxic = await proxy.addToxic({ type: 'latency', name: 'held', stream: 'downstream', toxicity: 1, attributes: { latency: 5000, jitter: 0 } });
    const probe = new Probe(port);
    await probe.connected;
    probe.socket.write('hold me');
    await sleep(100);
    expect(probe.received.length).toBe(0);
    const removedAt = probe.elapsed();
    await toxic.remove();
    expect((await probe.waitFor(7)) - removedAt).toBeLessThan(200);
    expect(probe.received.toString()).toBe('hold me');
    probe.close();
  });
});

describe('jitter and toxicity draws (injected randomness)', () => {
  it('draws jitter from the injected source: uniform in [latency - jitter, latency + jitter)', async () => {
    for (const [draw, low, high] of [[0, 95, 140], [0.999, 195, 300]] as const) {
      const seeded = await startServer({ random: () => draw });
      try {
        const proxy = await new Toxiproxy(seeded.url).createProxy({ name: 'j', listen: '127.0.0.1:0', upstream: echo.address });
        await proxy.addToxic({ type: 'latency', name: 'j', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 50 } });
        const probe = new Probe(portOf(proxy.listen));
        await probe.connected;
        const rtt = await roundTrip(probe, 'j');
        expect(rtt, `draw ${draw}`).toBeGreaterThanOrEqual(low);
        expect(rtt, `draw ${draw}`).toBeLessThan(high);
        probe.close();
      } finally {
        await seeded.close();
      }
    }
  });

  it('runs a toxic only when the draw is below its toxicity, per connection', async () => {
    const draws = [0.3, 0.3, 0.7, 0.7];
    const seeded = await startServer({ random: () => draws.shift() ?? 0.7 });
    try {
      const proxy = await new Toxiproxy(seeded.url).createProxy({ name: 'tox', listen: '127.0.0.1:0', upstream: echo.address });
      // One downstream toxic: each connection draws once for it.
      await proxy.addToxic({ type: 'latency', name: 'half', stream: 'downstream', toxicity: 0.5, attributes: { latency: 200, jitter: 0 } });
      const hit = new Probe(portOf(proxy.listen));
      expect(await roundTrip(hit, 'a')).toBeGreaterThanOrEqual(195);
      await proxy.addToxic({ type: NOOP, name: 'spacer', stream: 'upstream', toxicity: 1, attributes: {} });
      const missed = new Probe(portOf(proxy.listen));
      expect(await roundTrip(missed, 'b')).toBeLessThan(150);
      hit.close();
      missed.close();
    } finally {
      await seeded.close();
    }
  });

  it('treats toxicity 0 as never and 1 as always with the real random source', async () => {
    const { proxy, port } = await proxyTo(echo);
    const toxic = await proxy.addToxic({ type: 'latency', name: 'never', stream: 'downstream', toxicity: 0, attributes: { latency: 300, jitter: 0 } });
    for (let i = 0; i < 5; i++) {
      const probe = new Probe(port);
      expect(await roundTrip(probe, 'n')).toBeLessThan(150);
      probe.close();
    }
    await toxic.update({ ...toxic.toJson(), toxicity: 1 });
    const probe = new Probe(port);
    expect(await roundTrip(probe, 'y')).toBeGreaterThanOrEqual(295);
    probe.close();
  });
});

describe('bandwidth', () => {
  it('limits downstream to rate KB/s within ±20 %', async () => {
    const bytes = 200_000;
    const source = await startUpstream((socket) => socket.end(Buffer.alloc(bytes, 7)));
    try {
      const { proxy, port } = await proxyTo(source);
      await proxy.addToxic({ type: 'bandwidth', name: 'bw', stream: 'downstream', toxicity: 1, attributes: { rate: 200 } });
      const probe = new Probe(port);
      const elapsed = await probe.waitFor(bytes);
      // 200 000 B at 200 000 B/s = 1000 ms.
      expect(elapsed).toBeGreaterThanOrEqual(800);
      expect(elapsed).toBeLessThanOrEqual(1200);
      expect(probe.received.equals(Buffer.alloc(bytes, 7))).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('limits upstream too, and a removed bandwidth toxic releases the rest at once', async () => {
    let got = 0;
    let lastAt = 0;
    const start = performance.now();
    const sink = await startUpstream((socket) => socket.on('data', (data: Buffer) => {
      got += data.length;
      lastAt = performance.now() - start;
    }));
    try {
      const { proxy, port } = await proxyTo(sink);
      const toxic = await proxy.addToxic({ type: 'bandwidth', name: 'bwu', stream: 'upstream', toxicity: 1, attributes: { rate: 100 } });
      const probe = new Probe(port);
      probe.socket.write(Buffer.alloc(200_000, 1));
      await sleep(500);
      // ~50 000 B after 500 ms at 100 KB/s.
      expect(got).toBeGreaterThanOrEqual(30_000);
      expect(got).toBeLessThanOrEqual(70_000);
      const removedAt = performance.now() - start;
      await toxic.remove();
      while (got < 200_000) await sleep(5);
      expect(lastAt - removedAt).toBeLessThan(300);
      probe.close();
    } finally {
      await sink.close();
    }
  });
});

describe('slicer', () => {
  it('splits one write into many small reads, bytes intact', async () => {
    const payload = Buffer.from('0123456789'.repeat(20));
    const source = await startUpstream((socket) => socket.write(payload));
    try {
      const { proxy, port } = await proxyTo(source);
      await proxy.addToxic({ type: 'slicer', name: 's', stream: 'downstream', toxicity: 1, attributes: { average_size: 10, size_variation: 5, delay: 5000 } });
      const probe = new Probe(port);
      await probe.waitFor(payload.length);
      expect(probe.received.equals(payload)).toBe(true);
      expect(probe.reads.length).toBeGreaterThanOrEqual(8);
      probe.close();
    } finally {
      await source.close();
    }
  });

  it('bisects into pieces of average ± variation (pure)', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const bounds = sliceBounds(0, 200, { average_size: 10, size_variation: 5, delay: 0 }, random);
    const sizes: number[] = [];
    for (let i = 1; i < bounds.length; i += 2) sizes.push(bounds[i]! - bounds[i - 1]!);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(15);
    expect(sizes.length).toBeGreaterThanOrEqual(14);
  });
});

describe('slow_close', () => {
  it('delivers data at once and delays the FIN by delay ms', async () => {
    const source = await startUpstream((socket) => socket.end('bye'));
    try {
      const { proxy, port } = await proxyTo(source);
      await proxy.addToxic({ type: 'slow_close', name: 'sc', stream: 'downstream', toxicity: 1, attributes: { delay: 400 } });
      const probe = new Probe(port);
      expect(await probe.waitFor(3)).toBeLessThan(200);
      const ending = await probe.ending;
      expect(ending.how).toBe('end');
      expect(ending.atMs).toBeGreaterThanOrEqual(395);
      expect(ending.atMs).toBeLessThan(900);
    } finally {
      await source.close();
    }
  });
});

// POST /populate (reference §3.3): validate everything, then apply in order, no rollback.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { http, portOf, Probe, useProxyServer, type Upstream } from './helpers.ts';

let server: ProxyServer;
let upstream: Upstream;
useProxyServer((env) => ({ server, upstream } = env), { clearAfterEach: true });

const populate = (body: unknown) => http(`${server.url}/populate`, 'POST', typeof body === 'string' ? body : JSON.stringify(body));
type Proxies = { proxies: { name: string; listen: string; enabled: boolean; toxics: unknown[] }[] | null };

describe('POST /populate', () => {
  it('creates proxies in input order with 201, enabled by default', async () => {
    const reply = await populate([
      { name: 'b', listen: '127.0.0.1:0', upstream: upstream.address },
      { name: 'a', listen: '127.0.0.1:0', upstream: upstream.address, enabled: false },
      { name: 'c', listen: '127.0.0.1:0', upstream: upstream.address, enabled: null, toxics: [{ type: 'latency' }] },
    ]);
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toBe('application/json');
    const { proxies } = reply.json as Proxies;
    expect(proxies!.map((proxy) => [proxy.name, proxy.enabled, proxy.toxics.length])).toEqual([['b', true, 0], ['a', false, 0], ['c', true, 0]]);
  });

  it('answers an empty array with an empty list (Toxiproxy says null)', async () => {
    const reply = await populate([]);
    expect(reply.status).toBe(201);
    expect(reply.text).toBe('{"proxies":[]}');
  });

  it('rejects bad bodies with a JSON error carrying proxies:null', async () => {
    const empty = await populate('');
    expect(empty.status).toBe(400);
    expect(empty.text).toBe('{"error":"bad request body: EOF","status":400,"proxies":null}');
    expect(empty.headers.get('content-type')).toBe('application/json');
    expect((await populate({ name: 'x' })).status).toBe(400);
  });

  it('validates every item before applying any', async () => {
    const reply = await populate([{ name: 'ok', listen: '127.0.0.1:0', upstream: upstream.address }, { listen: '127.0.0.1:0', upstream: 'x:1' }]);
    expect(reply.text).toBe('{"error":"missing required field: name at proxy 2","status":400,"proxies":null}');
    const noUpstream = await populate([{ name: 'ok' }]);
    expect((noUpstream.json as { error: string }).error).toBe('missing required field: upstream at proxy 1');
    expect((await http(`${server.url}/proxies`)).json).toEqual({});
  });

  it('leaves an unchanged proxy untouched: toxics, connections and enabled state', async () => {
    const first = (await populate([{ name: 'same', listen: '127.0.0.1:0', upstream: upstream.address }])).json as Proxies;
    const listen = first.proxies![0]!.listen;
    await http(`${server.url}/proxies/same/toxics`, 'POST', '{"type":"latency","attributes":{"latency":1}}');
    const probe = new Probe(portOf(listen));
    probe.socket.write('a');
    await probe.waitFor(1);
    const again = await populate([{ name: 'same', listen: `localhost:${portOf(listen)}`, upstream: upstream.address, enabled: false }]);
    expect(again.status).toBe(201);
    expect((again.json as Proxies).proxies![0]).toMatchObject({ listen, enabled: true, toxics: [{ name: 'latency_downstream' }] });
    probe.socket.write('b');
    await probe.waitFor(2);
    probe.close();
  });

  it('replaces a proxy whose upstream changed: connections closed, toxics gone', async () => {
    const first = (await populate([{ name: 'r', listen: '127.0.0.1:0', upstream: upstream.address }])).json as Proxies;
    const listen = first.proxies![0]!.listen;
    await http(`${server.url}/proxies/r/toxics`, 'POST', '{"type":"noop"}');
    const probe = new Probe(portOf(listen));
    probe.socket.write('a');
    await probe.waitFor(1);
    const again = await populate([{ name: 'r', listen, upstream: `localhost:${upstream.port}` }]);
    expect((again.json as Proxies).proxies![0]).toMatchObject({ listen, upstream: `localhost:${upstream.port}`, toxics: [] });
    expect((await probe.ending).how).toBe('end');
  });

  it('stops at the first failure, keeping what was applied before it', async () => {
    const reply = await populate([
      { name: 'a', listen: '127.0.0.1:0', upstream: upstream.address },
      { name: 'b', listen: 'bad', upstream: upstream.address },
      { name: 'c', listen: '127.0.0.1:0', upstream: upstream.address },
    ]);
    expect(reply.status).toBe(500);
    expect(reply.headers.get('content-type')).toBe('application/json');
    const body = reply.json as Proxies & { error: string; status: number };
    expect(body.error).toBe('listen tcp: address bad: missing port in address');
    expect(body.status).toBe(500);
    expect(body.proxies!.map((proxy) => proxy.name)).toEqual(['a']);
    expect(Object.keys((await http(`${server.url}/proxies`)).json as object)).toEqual(['a']);
  });

  it('leaves a replaced proxy stopped when its new listener fails', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      await populate([{ name: 'x', listen: '127.0.0.1:0', upstream: upstream.address }]);
      const reply = await populate([{ name: 'x', listen: `127.0.0.1:${busy}`, upstream: upstream.address }]);
      expect(reply.status).toBe(500);
      expect((reply.json as Proxies).proxies).toBeNull();
      expect((await http(`${server.url}/proxies/x`)).json).toMatchObject({ enabled: false });
    } finally {
      blocker.close();
    }
  });
});

// Proxy endpoints (reference §3.1–3.7, §3.12): shapes, defaults, statuses and error cases.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { http, portOf, Probe, useProxyServer, type Upstream } from './helpers.ts';

let server: ProxyServer;
let upstream: Upstream;
useProxyServer((env) => ({ server, upstream } = env), { clearAfterEach: true });

const create = (body: unknown) => http(`${server.url}/proxies`, 'POST', typeof body === 'string' ? body : JSON.stringify(body));

describe('POST /proxies', () => {
  it('creates with 201, binds port 0 and reports the bound address in Go field order', async () => {
    const reply = await create({ name: 'p1', listen: '127.0.0.1:0', upstream: 'localhost:6379' });
    expect(reply.status).toBe(201);
    expect(reply.text).toMatch(/^\{"name":"p1","listen":"127\.0\.0\.1:\d+","upstream":"localhost:6379","enabled":true,"Logger":\{\},"toxics":\[\]\}$/);
    expect(portOf((reply.json as { listen: string }).listen)).toBeGreaterThan(0);
  });

  it('binds localhost to IPv4 and an empty listen to the wildcard', async () => {
    const local = await create({ name: 'local', listen: 'localhost:0', upstream: upstream.address });
    expect((local.json as { listen: string }).listen).toMatch(/^127\.0\.0\.1:\d+$/);
    const wildcard = await create({ name: 'any', upstream: upstream.address });
    expect((wildcard.json as { listen: string }).listen).toMatch(/^(\[::\]|0\.0\.0\.0):\d+$/);
  });

  it('stores a disabled proxy without listening and keeps listen as given', async () => {
    const reply = await create({ name: 'off', listen: 'localhost:0', upstream: upstream.address, enabled: false });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ listen: 'localhost:0', enabled: false });
  });

  it('checks required fields in order, then duplicates, then listens', async () => {
    expect((await create({ upstream: 'x:1' })).text).toBe('{"error":"missing required field: name","status":400}\n');
    expect((await create({ name: 'a' })).text).toBe('{"error":"missing required field: upstream","status":400}\n');
    expect((await create('null')).text).toBe('{"error":"missing required field: name","status":400}\n');
    expect((await create({ name: 'dup', listen: '127.0.0.1:0', upstream: 'x:1' })).status).toBe(201);
    const again = await create({ name: 'dup', listen: 'bad', upstream: 'x:1' });
    expect(again.status).toBe(409);
    expect(again.text).toBe('{"error":"proxy already exists","status":409}\n');
  });

  it('decodes bodies as Go does', async () => {
    expect((await create('')).text).toBe('{"error":"bad request body: EOF","status":400}\n');
    const truncated = await create('{"name":');
    expect(truncated.status).toBe(400);
    expect((truncated.json as { error: string }).error).toMatch(/^bad request body: /);
    const trailing = await create(`{"name":"t","listen":"127.0.0.1:0","upstream":"x:1"} trailing garbage`);
    expect(trailing.status).toBe(201);
    const folded = await create('{"Name":"folded","Upstream":"x:1","LISTEN":"127.0.0.1:0","unknown":1}');
    expect(folded.status).toBe(201);
    expect(folded.json).toMatchObject({ name: 'folded', upstream: 'x:1' });
    const wrongType = await create('{"name":"w","upstream":"x:1","enabled":"yes"}');
    expect(wrongType.status).toBe(400);
    expect((wrongType.json as { error: string }).error).toMatch(/^bad request body: json: cannot unmarshal string into Go struct field .*enabled of type bool$/);
    expect((await create('[1]')).status).toBe(400);
  });

  it('reports listen failures with 500 and Go wording, and stores nothing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const inUse = await create({ name: 'busy', listen: `127.0.0.1:${port}`, upstream: 'x:1' });
      expect(inUse.status).toBe(500);
      expect(inUse.text).toBe(`{"error":"listen tcp 127.0.0.1:${port}: bind: address already in use","status":500}\n`);
      expect((await http(`${server.url}/proxies/busy`)).status).toBe(404);
    } finally {
      blocker.close();
    }
    const noPort = await create({ name: 'np', listen: 'local373', upstream: 'x:1' });
    expect(noPort.status).toBe(500);
    expect((noPort.json as { error: string }).error).toBe('listen tcp: address local373: missing port in address');
    const unresolvable = await create({ name: 'nx', listen: 'no-such-host.invalid:0', upstream: 'x:1' });
    expect(unresolvable.status).toBe(500);
    expect((await http(`${server.url}/proxies`)).json).toEqual({});
  });
});

describe('GET /proxies', () => {
  it('maps names to proxies with sorted keys', async () => {
    for (const name of ['zeta', 'alpha', 'mid']) await create({ name, upstream: 'x:1', enabled: false });
    const reply = await http(`${server.url}/proxies`);
    expect(Object.keys(reply.json as object)).toEqual(['alpha', 'mid', 'zeta']);
    expect(reply.text.indexOf('"alpha"')).toBeLessThan(reply.text.indexOf('"mid"'));
  });
});

describe('update, get and delete /proxies/{name}', () => {
  it('404s for a missing proxy on every method, even with a bad body', async () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      const reply = await http(`${server.url}/proxies/none`, method, method === 'GET' ? undefined : 'not json');
      expect(reply.status, method).toBe(404);
      expect(reply.text).toBe('{"error":"proxy not found","status":404}\n');
    }
  });

  it('disables (refusing connects), re-enables on the same port, with POST and PATCH', async () => {
    const created = (await create({ name: 'u', listen: '127.0.0.1:0', upstream: upstream.address })).json as { listen: string };
    const off = await http(`${server.url}/proxies/u`, 'POST', '{"enabled":false}');
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ enabled: false, listen: created.listen });
    expect((await new Probe(portOf(created.listen)).ending).how).toBe('refused');
    const on = await http(`${server.url}/proxies/u`, 'PATCH', '{"enabled":true}');
    expect(on.json).toMatchObject({ enabled: true, listen: created.listen });
    const probe = new Probe(portOf(created.listen));
    probe.socket.write('ping');
    await probe.waitFor(4);
    probe.close();
  });

  it('ignores name in the body, keeps unspecified fields, and 400s an empty body', async () => {
    await create({ name: 'keep', listen: '127.0.0.1:0', upstream: upstream.address });
    const reply = await http(`${server.url}/proxies/keep`, 'POST', '{"name":"other","upstream":"127.0.0.1:9"}');
    expect(reply.json).toMatchObject({ name: 'keep', upstream: '127.0.0.1:9', enabled: true });
    expect((await http(`${server.url}/proxies/keep`, 'POST', '')).text).toBe('{"error":"bad request body: EOF","status":400}\n');
    const bad = await http(`${server.url}/proxies/keep`, 'POST', '{"listen":"bad"}');
    expect(bad.status).toBe(500);
    expect((bad.json as { error: string }).error).toBe('address bad: missing port in address');
  });

  it('keeps connections when listen is restated as a host name, drops them when it changes', async () => {
    const created = (await create({ name: 'live', listen: '127.0.0.1:0', upstream: upstream.address })).json as { listen: string };
    const port = portOf(created.listen);
    const probe = new Probe(port);
    probe.socket.write('a');
    await probe.waitFor(1);
    const same = await http(`${server.url}/proxies/live`, 'POST', JSON.stringify({ listen: `localhost:${port}` }));
    expect(same.json).toMatchObject({ listen: created.listen });
    probe.socket.write('b');
    await probe.waitFor(2);
    const moved = await http(`${server.url}/proxies/live`, 'POST', '{"listen":"127.0.0.1:0"}');
    expect((moved.json as { listen: string }).listen).not.toBe(created.listen);
    expect((await probe.ending).how).toBe('end');
  });

  it('deletes with 204, closing connections and the listener', async () => {
    const created = (await create({ name: 'gone', listen: '127.0.0.1:0', upstream: upstream.address })).json as { listen: string };
    const probe = new Probe(portOf(created.listen));
    probe.socket.write('a');
    await probe.waitFor(1);
    const reply = await http(`${server.url}/proxies/gone`, 'DELETE');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers.get('content-type')).toBeNull();
    expect((await probe.ending).how).toBe('end');
    expect((await new Probe(portOf(created.listen)).ending).how).toBe('refused');
    expect((await http(`${server.url}/proxies/gone`, 'DELETE')).status).toBe(404);
  });
});

describe('POST /reset', () => {
  it('enables every proxy, removes every toxic, keeps proxies and ignores its body', async () => {
    await create({ name: 'r1', listen: 'localhost:0', upstream: upstream.address, enabled: false });
    await create({ name: 'r2', listen: '127.0.0.1:0', upstream: upstream.address });
    await http(`${server.url}/proxies/r2/toxics`, 'POST', '{"type":"latency","attributes":{"latency":10}}');
    const reply = await http(`${server.url}/reset`, 'POST', 'ignored');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    const all = (await http(`${server.url}/proxies`)).json as Record<string, { enabled: boolean; listen: string; toxics: unknown[] }>;
    expect(all.r1).toMatchObject({ enabled: true, toxics: [] });
    expect(all.r1!.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(all.r2).toMatchObject({ enabled: true, toxics: [] });
  });
});

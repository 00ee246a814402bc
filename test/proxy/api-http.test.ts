// General HTTP behaviour of the API (reference §1): routing, encoding, headers, guard.
import { type IncomingMessage, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { http, startServer } from './helpers.ts';

let server: ProxyServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('routing', () => {
  it('answers an unknown path with a plain 404 and no request id', async () => {
    const reply = await http(`${server.url}/nope`);
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('404 page not found\n');
    expect(reply.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(reply.headers.get('x-toxiproxy-request-id')).toBeNull();
  });

  it('answers a known path with the wrong method with an empty 405', async () => {
    for (const [method, path] of [['PUT', '/proxies'], ['GET', '/reset'], ['DELETE', '/version'], ['GET', '/populate']] as const) {
      const reply = await http(`${server.url}${path}`, method);
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.text).toBe('');
      expect(reply.headers.get('content-type')).toBeNull();
      expect(reply.headers.get('x-toxiproxy-request-id')).toBeNull();
    }
  });

  it('redirects unclean paths and does not strip a trailing slash', async () => {
    const reply = await http(`${server.url}//proxies`);
    expect(reply.status).toBe(301);
    expect(reply.headers.get('location')).toBe('/proxies');
    // fetch would normalise the dots itself: send the path as written.
    const dotted = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${server.url}/proxies/./x/../y?a=1`, { path: '/proxies/./x/../y?a=1' }, resolve).on('error', reject).end();
    });
    dotted.resume();
    expect(dotted.statusCode).toBe(301);
    expect(dotted.headers.location).toBe('/proxies/y?a=1');
    expect((await http(`${server.url}/proxies/`)).status).toBe(404);
  });

  it('cannot address a name containing an encoded slash', async () => {
    expect((await http(`${server.url}/proxies/a%2Fb`)).status).toBe(404);
  });

  it('serves /metrics only when metrics are switched on', async () => {
    expect((await http(`${server.url}/metrics`)).status).toBe(404);
  });
});

describe('matched routes', () => {
  it('carry a 20-character request id', async () => {
    const first = await http(`${server.url}/proxies`);
    const second = await http(`${server.url}/proxies`);
    expect(first.headers.get('x-toxiproxy-request-id')).toMatch(/^[0-9a-v]{20}$/);
    expect(second.headers.get('x-toxiproxy-request-id')).not.toBe(first.headers.get('x-toxiproxy-request-id'));
  });

  it('refuse browsers with 403', async () => {
    const reply = await http(`${server.url}/proxies`, 'GET', undefined, { 'User-Agent': 'Mozilla/5.0 (X11)' });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe('User agent not allowed\n');
    expect(reply.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-toxiproxy-request-id')).toMatch(/^[0-9a-v]{20}$/);
    const created = await http(`${server.url}/proxies`, 'POST', '{"name":"csrf","upstream":"127.0.0.1:1"}', { 'User-Agent': 'Mozilla/5.0' });
    expect(created.status).toBe(403);
    expect((await http(`${server.url}/proxies/csrf`)).status).toBe(404);
  });

  it('encode success as compact JSON without a newline', async () => {
    const reply = await http(`${server.url}/proxies`);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{}');
    expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it('encode errors as JSON text/plain with a newline', async () => {
    const reply = await http(`${server.url}/proxies/missing`);
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('{"error":"proxy not found","status":404}\n');
    expect(reply.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('report the version with a space, charset and newline', async () => {
    const reply = await http(`${server.url}/version`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(reply.text).toMatch(/^\{"version": "2\.12\.0\+rollcall"\}\n$/);
  });

  it('escape HTML characters in JSON as Go does', async () => {
    const reply = await http(`${server.url}/proxies`, 'POST', '{"name":"a<b>&c","upstream":"x:1","enabled":false}');
    expect(reply.status).toBe(201);
    expect(reply.text).toContain('"name":"a\\u003cb\\u003e\\u0026c"');
    expect((await http(`${server.url}/proxies/a<b>&c`, 'DELETE')).status).toBe(204);
  });
});

describe('metrics', () => {
  it('count bytes per link once a connection ends, and answer any method', async () => {
    const { startUpstream, Probe } = await import('./helpers.ts');
    const withMetrics = await startServer({ proxyMetrics: true, runtimeMetrics: true });
    const upstream = await startUpstream();
    try {
      const created = await http(`${withMetrics.url}/proxies`, 'POST', JSON.stringify({ name: 'm', listen: '127.0.0.1:0', upstream: upstream.address }));
      const listen = (created.json as { listen: string }).listen;
      const probe = new Probe(Number(listen.split(':')[1]));
      probe.socket.write('x'.repeat(1000));
      await probe.waitFor(1000);
      probe.socket.end();
      await probe.ending;
      let text = '';
      for (let attempt = 0; attempt < 50 && !text.includes('sent_bytes'); attempt++) {
        text = (await http(`${withMetrics.url}/metrics`, 'POST')).text;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(text).toContain(`toxiproxy_proxy_received_bytes_total{direction="upstream",listener="${listen}",proxy="m",upstream="${upstream.address}"} 1000`);
      expect(text).toContain(`toxiproxy_proxy_sent_bytes_total{direction="downstream",listener="${listen}",proxy="m",upstream="${upstream.address}"} 1000`);
      expect(text).toContain('process_resident_memory_bytes');
    } finally {
      await upstream.close();
      await withMetrics.close();
    }
  });
});

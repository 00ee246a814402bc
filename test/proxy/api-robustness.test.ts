// Bad input never takes the server down: random bodies against every endpoint, then a live
// connection through an untouched proxy must still work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { http, portOf, Probe, useProxyServer, type Upstream } from './helpers.ts';

let server: ProxyServer;
let echo: Upstream;
useProxyServer((env) => ({ server, upstream: echo } = env));

const ENDPOINTS: [string, string][] = [
  ['POST', '/proxies'],
  ['POST', '/populate'],
  ['POST', '/proxies/victim'],
  ['PATCH', '/proxies/victim'],
  ['POST', '/proxies/victim/toxics'],
  ['POST', '/proxies/victim/toxics/lat'],
  ['PATCH', '/proxies/victim/toxics/lat'],
];

const attribute = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constant(-1), fc.constant(0));
const toxicBody = fc.record(
  {
    name: fc.oneof(fc.constant('lat'), fc.string()),
    type: fc.constantFrom('latency', 'bandwidth', 'slicer', 'limit_data', 'timeout', 'reset_peer', 'slow_close', 'noop', 'down', ''),
    stream: fc.constantFrom('upstream', 'downstream', 'UP', '', 'x'),
    toxicity: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
    attributes: fc.oneof(fc.dictionary(fc.constantFrom('latency', 'jitter', 'rate', 'average_size', 'size_variation', 'delay', 'bytes', 'timeout'), attribute), fc.string(), fc.integer()),
  },
  { requiredKeys: [] },
);
const proxyBody = fc.record(
  { name: fc.string(), listen: fc.constantFrom('127.0.0.1:0', 'bad', '', ':0', '[::1', 'localhost:99999'), upstream: fc.string(), enabled: fc.oneof(fc.boolean(), fc.string()) },
  { requiredKeys: [] },
);
const body = fc.oneof(
  toxicBody.map((value) => JSON.stringify(value)),
  proxyBody.map((value) => JSON.stringify(value)),
  fc.array(proxyBody, { maxLength: 3 }).map((value) => JSON.stringify(value)),
  fc.string(),
  fc.constantFrom('', '{', '[', 'null', '{"attributes":{"rate":-1}}', '{"type":"slicer","attributes":{"average_size":0}}'),
);

describe('bad input', () => {
  it('gets a 4xx/5xx or success reply and leaves other proxies serving', async () => {
    const keeper = (await http(`${server.url}/proxies`, 'POST', JSON.stringify({ name: 'keeper', listen: '127.0.0.1:0', upstream: echo.address }))).json as { listen: string };
    await http(`${server.url}/proxies`, 'POST', JSON.stringify({ name: 'victim', listen: '127.0.0.1:0', upstream: echo.address }));
    const probe = new Probe(portOf(keeper.listen));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, async ([method, path], text) => {
        const reply = await http(`${server.url}${path}`, method, text);
        expect([200, 201, 204, 400, 404, 409, 500]).toContain(reply.status);
        if (reply.status >= 400) expect(reply.json).toMatchObject({ status: reply.status });
        probe.socket.write('.');
        sent++;
        await probe.waitFor(sent);
      }),
      { numRuns: 300, seed: 20261123 },
    );
    const all = (await http(`${server.url}/proxies`)).json as Record<string, { name: string }>;
    for (const name of Object.keys(all)) if (name !== 'keeper') await http(`${server.url}/proxies/${encodeURIComponent(name)}`, 'DELETE');
    probe.socket.write('!');
    await probe.waitFor(sent + 1);
    probe.close();
  });
});

// Toxic endpoints (reference §2.2, §3.8–3.11, §4 table): defaults, order of checks, merges.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { http, startServer } from './helpers.ts';

let server: ProxyServer;
let toxics: string;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  await http(`${server.url}/proxies/p`, 'DELETE');
  await http(`${server.url}/proxies`, 'POST', '{"name":"p","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}');
  toxics = `${server.url}/proxies/p/toxics`;
});

const add = (body: unknown) => http(toxics, 'POST', typeof body === 'string' ? body : JSON.stringify(body));
const errorOf = (reply: { json: unknown }) => (reply.json as { error: string }).error;

describe('POST /proxies/{p}/toxics', () => {
  it('creates with 200 and every attribute present, in Go field order', async () => {
    const reply = await add({ type: 'latency', attributes: { latency: 1000, jitter: 100 } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.text).toBe('{"attributes":{"latency":1000,"jitter":100},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}');
  });

  it('fills zero defaults for every type', async () => {
    const expected: Record<string, object> = {
      latency: { latency: 0, jitter: 0 },
      bandwidth: { rate: 0 },
      slow_close: { delay: 0 },
      timeout: { timeout: 0 },
      reset_peer: { timeout: 0 },
      limit_data: { bytes: 0 },
      noop: {},
    };
    for (const [type, attributes] of Object.entries(expected)) {
      const reply = await add({ type, stream: 'upstream' });
      expect(reply.status, type).toBe(200);
      expect(reply.json).toEqual({ attributes, name: `${type}_upstream`, type, stream: 'upstream', toxicity: 1 });
    }
    const slicer = await add({ type: 'slicer', attributes: { average_size: 10 } });
    expect(slicer.text).toBe('{"attributes":{"average_size":10,"size_variation":0,"delay":0},"name":"slicer_downstream","type":"slicer","stream":"downstream","toxicity":1}');
  });

  it('echoes the stream as sent and names the toxic from the raw stream', async () => {
    const reply = await add({ type: 'latency', stream: 'UpStream' });
    expect(reply.json).toMatchObject({ name: 'latency_UpStream', stream: 'UpStream' });
  });

  it('keeps toxicity as a float32 and does not range-check it', async () => {
    expect((await add({ type: 'noop', name: 'a', toxicity: 0.123456789 })).text).toContain('"toxicity":0.12345679');
    expect((await add({ type: 'noop', name: 'b', toxicity: 2.5 })).text).toContain('"toxicity":2.5');
    expect((await add({ type: 'noop', name: 'c', toxicity: -1 })).text).toContain('"toxicity":-1');
    expect((await add({ type: 'noop', name: 'd', toxicity: 0 })).text).toContain('"toxicity":0');
  });

  it('checks in Toxiproxy order: proxy, body, stream, type, name, attributes', async () => {
    const missing = await http(`${server.url}/proxies/none/toxics`, 'POST', 'garbage');
    expect(missing.text).toBe('{"error":"proxy not found","status":404}\n');
    expect((await add('')).text).toBe('{"error":"bad request body: EOF","status":400}\n');
    expect(errorOf(await add('{"type":"latency","attributes":5}'))).toMatch(/^bad request body: json: cannot unmarshal number/);
    expect(errorOf(await add('{"type":"latency","toxicity":"x"}'))).toMatch(/^bad request body: json: cannot unmarshal string .* of type float32$/);
    const both = await add({ type: 'bogus', stream: 'sideways' });
    expect(both.text).toBe('{"error":"stream was invalid, can be either upstream or downstream","status":400}\n');
    expect((await add({ type: 'latency', stream: '' })).status).toBe(400);
    expect((await add({ type: 'bogus' })).text).toBe('{"error":"invalid toxic type","status":400}\n');
    expect((await add({})).text).toBe('{"error":"invalid toxic type","status":400}\n');
    expect((await add({ type: 'down' })).text).toBe('{"error":"invalid toxic type","status":400}\n');
    expect((await add({ type: 'latency', name: 'x' })).status).toBe(200);
    const clash = await add({ type: 'timeout', name: 'x', stream: 'upstream', attributes: { timeout: 1.5 } });
    expect(clash.text).toBe('{"error":"toxic already exists","status":409}\n');
    const fraction = await add({ type: 'latency', name: 'y', attributes: { latency: 1.5 } });
    expect(fraction.status).toBe(400);
    expect(errorOf(fraction)).toBe('bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64');
    expect((await add({ type: 'latency', name: 'z', attributes: { latency: '5' } })).status).toBe(400);
  });

  it('names must be unique across both streams', async () => {
    expect((await add({ type: 'latency', name: 'n', stream: 'upstream' })).status).toBe(200);
    expect((await add({ type: 'latency', name: 'n', stream: 'downstream' })).status).toBe(409);
  });

  it('accepts negative attributes where Toxiproxy does and refuses the ones it crashes on', async () => {
    expect((await add({ type: 'latency', attributes: { latency: -5 } })).status).toBe(200);
    const rate = await add({ type: 'bandwidth', attributes: { rate: -1 } });
    expect(rate.status).toBe(400);
    expect(errorOf(rate)).toBe('invalid toxic attribute: bandwidth rate must not be negative');
    expect((await add({ type: 'slicer', attributes: { average_size: 0 } })).status).toBe(400);
    expect((await add({ type: 'slicer', attributes: { average_size: 10, size_variation: 10 } })).status).toBe(400);
    expect((await add({ type: 'slicer', attributes: { average_size: 10, size_variation: -1 } })).status).toBe(400);
    expect(((await http(toxics)).json as unknown[]).length).toBe(1);
  });

  it('may be added while the proxy is disabled', async () => {
    await http(`${server.url}/proxies/p`, 'POST', '{"enabled":false}');
    expect((await add({ type: 'latency' })).status).toBe(200);
  });
});

describe('listing and reading toxics', () => {
  it('lists upstream toxics first, each stream in insertion order', async () => {
    await add({ type: 'latency', name: 'd1' });
    await add({ type: 'latency', name: 'u1', stream: 'upstream' });
    await add({ type: 'latency', name: 'd2' });
    await add({ type: 'latency', name: 'u2', stream: 'upstream' });
    const names = ((await http(toxics)).json as { name: string }[]).map((toxic) => toxic.name);
    expect(names).toEqual(['u1', 'u2', 'd1', 'd2']);
    const proxy = (await http(`${server.url}/proxies/p`)).json as { toxics: { name: string }[] };
    expect(proxy.toxics.map((toxic) => toxic.name)).toEqual(['u1', 'u2', 'd1', 'd2']);
  });

  it('returns [] for none, and 404s for a missing proxy or toxic', async () => {
    expect((await http(toxics)).text).toBe('[]');
    expect((await http(`${server.url}/proxies/none/toxics`)).status).toBe(404);
    expect((await http(`${toxics}/nope`)).text).toBe('{"error":"toxic not found","status":404}\n');
    expect((await http(`${server.url}/proxies/none/toxics/nope`)).text).toBe('{"error":"proxy not found","status":404}\n');
  });
});

describe('updating and deleting a toxic', () => {
  it('merges attributes and keeps unmentioned fields; name, type and stream are ignored', async () => {
    await add({ type: 'latency', attributes: { latency: 100, jitter: 7 }, toxicity: 0.5 });
    const reply = await http(`${toxics}/latency_downstream`, 'POST', '{"attributes":{"latency":12345},"name":"x","type":"timeout","stream":"upstream"}');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"attributes":{"latency":12345,"jitter":7},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":0.5}');
    const patched = await http(`${toxics}/latency_downstream`, 'PATCH', '{"toxicity":1,"attributes":{"jitter":null}}');
    expect(patched.json).toMatchObject({ attributes: { latency: 12345, jitter: 7 }, toxicity: 1 });
  });

  it('rejects bad update bodies and leaves the toxic as it was', async () => {
    await add({ type: 'bandwidth', attributes: { rate: 10 } });
    expect((await http(`${toxics}/bandwidth_downstream`, 'POST', '')).text).toBe('{"error":"bad request body: EOF","status":400}\n');
    expect((await http(`${toxics}/bandwidth_downstream`, 'POST', '{"attributes":{"rate":-5}}')).status).toBe(400);
    expect((await http(`${toxics}/bandwidth_downstream`, 'POST', '{"attributes":{"rate":2.5}}')).status).toBe(400);
    expect((await http(`${toxics}/bandwidth_downstream`)).json).toMatchObject({ attributes: { rate: 10 } });
    expect((await http(`${toxics}/nope`, 'POST', '{}')).status).toBe(404);
  });

  it('deletes with 204 and 404s afterwards', async () => {
    await add({ type: 'noop' });
    const reply = await http(`${toxics}/noop_downstream`, 'DELETE');
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect((await http(`${toxics}/noop_downstream`, 'DELETE')).status).toBe(404);
  });
});

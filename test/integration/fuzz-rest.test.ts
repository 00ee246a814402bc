// Hostile REST requests against a real registry process (issue item 4): wrong types, huge and
// odd strings, deep JSON, unknown fields, bytes that are not UTF-8, negative and huge numbers,
// missing or wrong credentials. The registry never crashes, every reply is a clear JSON error
// (4xx with `error.code` and `error.message`), and no member or job changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';
import { propertyParams } from '../support/property.ts';

let cluster: Cluster;
beforeAll(async () => {
  cluster = new Cluster();
  // Slow deadlines: the REST-registered member sends no heartbeats, and must not change by itself.
  await cluster.startRegistry(['--heartbeat-interval', '30s', '--unhealthy-after', '10m', '--failed-after', '10m', '--health-check-interval', '10m', '--cleanup-interval', '10m']);
});
afterAll(async () => cluster.stop());

/** Values no field of a registration or job accepts where a string or a bounded number is due. */
const notAString = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer({ min: -(2 ** 53), max: -1 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0.5, 1e-320),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
);
/** Strings too long for any bounded field, with NULs, lone surrogates and control characters. */
const hugeString = fc.tuple(fc.string({ maxLength: 50 }), fc.integer({ min: 200, max: 200_000 })).map(([s, n]) => `${s}\u0000\ud800!${'\u202e'.repeat(3)}${'x'.repeat(n)}`);
const badNumber = fc.oneof(fc.integer({ min: -(2 ** 31), max: 0 }), fc.constantFrom(101, 1e9, 1e308, -1e308, 0.5), hugeString, fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
const unknownFields = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).map((k) => `x-${k}`), fc.anything({ maxDepth: 2 }), { maxKeys: 3 });

const registration = { workerId: 'fuzz-w', name: 'fuzz', address: '127.0.0.1:9', maxConcurrentJobs: 2 };
const badRegistration = fc.tuple(
  fc.constantFrom('workerId', 'name', 'address', 'maxConcurrentJobs', 'loadFactor'),
  fc.oneof(notAString, hugeString),
  fc.oneof(badNumber),
  unknownFields,
).map(([field, asString, asNumber, extra]) => ({
  ...extra, ...registration,
  [field]: field === 'maxConcurrentJobs' || field === 'loadFactor' ? asNumber : asString,
}));
const badPreRegistration = fc.tuple(fc.constantFrom('workerId', 'name', 'address'), fc.oneof(notAString, hugeString), unknownFields)
  .map(([field, value, extra]) => ({ ...extra, workerId: 'fuzz-w', name: 'fuzz', address: '127.0.0.1:9', [field]: value }));
const badJob = fc.tuple(fc.constantFrom('kind', 'payload', 'timeoutMs', 'jobId'), notAString, unknownFields)
  .map(([field, value, extra]) => ({ ...extra, kind: 'sleep', jobId: 'fuzz-job', [field]: field === 'timeoutMs' ? (typeof value === 'number' ? -1 : value) : value }));
// Deep nesting up to what fits in the 1 MiB body limit (6 bytes a level at most), so every case
// reaches the JSON parser. A bigger body is refused by its length before anything is parsed (413,
// limits.test.ts), and the server then closes the connection while the client may still be
// sending, which a client that writes the whole body first sees as EPIPE, not as the answer.
const deepJson = fc.tuple(fc.integer({ min: 1000, max: Math.floor((1024 * 1024 - 1) / 6) }), fc.boolean()).map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
const notUtf8 = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((bytes) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(bytes), Buffer.from('"}')]));

type Body = { json: unknown } | { raw: string | Buffer; type?: string };
interface Hostile {
  method: 'POST' | 'DELETE' | 'GET';
  path: string;
  body?: Body;
  /** 'join' | 'admin' | a wrong one | none. */
  token: string | null;
}

const writePaths = ['/api/workers', '/api/workers/batch', '/api/workers/preregister', '/api/jobs', '/api/workers/fuzz-w/heartbeat', '/api/workers/fuzz-w/deregister'];
/** Every byte percent-encoded, including bytes that are not UTF-8 (%FF, %C3%28). */
const percent = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('') || '%20';
const hostileId = fc.oneof(
  fc.string({ maxLength: 300 }).map((s) => percent(Buffer.from(s))),
  hugeString.map((s) => percent(Buffer.from(s.slice(0, 3000)))),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map(percent),
);

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  badRegistration.map((json): Hostile => ({ method: 'POST', path: '/api/workers', body: { json }, token: 'join' })),
  fc.array(badRegistration, { minLength: 1, maxLength: 5 }).map((workers): Hostile => ({ method: 'POST', path: '/api/workers/batch', body: { json: { workers } }, token: 'join' })),
  badPreRegistration.map((json): Hostile => ({ method: 'POST', path: '/api/workers/preregister', body: { json }, token: 'admin' })),
  badJob.map((json): Hostile => ({ method: 'POST', path: '/api/jobs', body: { json }, token: 'admin' })),
  fc.tuple(fc.constantFrom(...writePaths), deepJson).map(([path, raw]): Hostile => ({ method: 'POST', path, body: { raw }, token: path === '/api/jobs' ? 'admin' : 'join' })),
  fc.tuple(fc.constantFrom(...writePaths), notUtf8).map(([path, raw]): Hostile => ({ method: 'POST', path, body: { raw }, token: 'admin' })),
  fc.tuple(fc.constantFrom(...writePaths), fc.string({ maxLength: 200 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data'))
    .map(([path, raw, type]): Hostile => ({ method: 'POST', path, body: { raw, type }, token: 'admin' })),
  fc.tuple(fc.constantFrom('heartbeat', 'deregister'), fc.record({ epoch: badNumber, sessionToken: fc.oneof(notAString, hugeString) }, { requiredKeys: [] }))
    .map(([what, json]): Hostile => ({ method: 'POST', path: `/api/workers/fuzz-w/${what}`, body: { json }, token: null })),
  // Admin calls with no, wrong or the join token; reads and deletes of hostile IDs.
  fc.tuple(fc.constantFrom('/api/workers/fuzz-w/drain', '/api/health/check', '/api/cleanup/failed', '/api/reconnect', '/api/workers/preregister', '/api/jobs'), fc.constantFrom(null, 'join', 'wrong'))
    .map(([path, token]): Hostile => ({ method: 'POST', path, body: { json: { name: 'n', address: '127.0.0.1:9', kind: 'k' } }, token })),
  fc.tuple(hostileId, fc.constantFrom(null, 'join', 'wrong')).map(([id, token]): Hostile => ({ method: 'DELETE', path: `/api/workers/${id}`, token })),
  hostileId.map((id): Hostile => ({ method: 'GET', path: `/api/workers/${id}/health`, token: null })),
);

async function send(h: Hostile): Promise<{ status: number; text: string }> {
  const token = h.token === 'join' ? cluster.joinToken : h.token === 'admin' ? cluster.adminToken : h.token === 'wrong' ? 'Bearer-nope' : null;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let body: string | Buffer | undefined;
  if (h.body && 'json' in h.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(h.body.json);
  } else if (h.body) {
    headers['content-type'] = h.body.type ?? 'application/json';
    body = h.body.raw;
  }
  const response = await fetch(cluster.http + h.path, { method: h.method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, text: await response.text() };
}

/** Every member and job as REST shows them; heartbeat times move on their own and are left out. */
async function snapshot(): Promise<unknown> {
  const workers = (await cluster.api<{ workers: Record<string, unknown>[] }>('GET', '/api/workers')).body.workers;
  const jobs = (await cluster.api('GET', '/api/jobs')).body;
  return { workers: workers.map(({ lastHeartbeatAt: _, ...rest }) => rest), jobs };
}

describe('hostile REST requests (real registry process)', () => {
  it('never crash the registry, always get a clear JSON error, and change no member or job', async () => {
    // One member and one job, so that there is something to damage.
    const joined = await cluster.api<{ sessionToken: string }>('POST', '/api/workers', registration);
    expect(joined.status).toBe(201);
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '1', jobId: 'fuzz-job' })).status).toBe(201);
    const before = await snapshot();
    let tried = 0;
    const params = propertyParams(300);
    await fc.assert(
      fc.asyncProperty(hostile, async (h) => {
        tried++;
        const reply = await send(h);
        const describe = `${h.method} ${h.path.slice(0, 80)} → ${reply.status} ${reply.text.slice(0, 200)}`;
        if (h.method === 'GET') expect([200, 400, 404], describe).toContain(reply.status);
        else if (h.path === '/api/workers/batch' && reply.status === 200) {
          // A batch answers per item: every item must be a clear error, none registered.
          const batch = JSON.parse(reply.text) as { results: { status: number; error?: { code: string } }[]; created: number; reRegistered: number };
          expect([batch.created, batch.reRegistered], describe).toEqual([0, 0]);
          for (const r of batch.results) expect(r.status >= 400 && typeof r.error?.code === 'string', describe).toBe(true);
        } else expect(reply.status >= 400 && reply.status < 500, describe).toBe(true);
        if (reply.status >= 400) {
          const error = (JSON.parse(reply.text) as { error?: { code?: unknown; message?: unknown } }).error;
          expect(typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0, describe).toBe(true);
        }
      }),
      params,
    );
    console.log(`hostile REST inputs tried: ${tried}`);
    expect(cluster.registry!.child.exitCode).toBeNull();
    expect((await cluster.api('GET', '/health')).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

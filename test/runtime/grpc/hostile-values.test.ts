// Structured hostile values over real gRPC (issue item 4; random bytes are in malformed.test.ts):
// well-typed messages whose fields are huge or odd strings, negative, huge or non-finite numbers,
// swollen maps, stale or forged credentials, missing or wrong tokens. The server never answers
// INTERNAL or UNKNOWN, every refusal names what was wrong, and no member or job changes.
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewOf } from '../../../machines/registry/queries.ts';
import { propertyParams } from '../../support/property.ts';
import { registration, startTestRegistry, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
let session: { workerId: string; epoch: number; sessionToken: string };
const ADMIN = 'Bearer admin-secret';

beforeAll(async () => {
  registry = await startTestRegistry({ joinToken: 'join-secret', adminToken: 'admin-secret' });
  const s = value(await registry.connection.register(registration({ workerId: 'target' })));
  session = { workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken };
  expect(registry.host.call((core, now) => core.run({ kind: 'submitJob', spec: { jobId: 'job-1', kind: 'sleep', payload: '1' } }, now)).ok).toBe(true);
});
afterAll(async () => registry?.stop());

const hugeString = fc.tuple(fc.string({ maxLength: 40 }), fc.integer({ min: 129, max: 300_000 })).map(([s, n]) => `${s}\u0000\ud800!\u202e${'y'.repeat(n)}`);
const oddString = fc.oneof(hugeString, fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', 'target\n', 'Bearer x', '%00', '\ud800'), fc.string({ maxLength: 70 }).map((s) => `${s}!`));
/** For free-text fields (a name): too long, or empty. */
const badText = fc.oneof(hugeString, fc.constant(''));
const badInt = fc.oneof(fc.integer({ min: -(2 ** 31), max: -1 }), fc.constantFrom(2 ** 31 - 1, 101, 1e6));
const badDouble = fc.oneof(fc.double({ max: -1e-9, noNaN: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, 5));
const swollenMap = fc.integer({ min: 65, max: 2000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}${'z'.repeat(i % 50)}`, 'v'.repeat(i % 300)])));

/** A field of `base` replaced by a hostile value of its own wire type. */
function spoil(base: Record<string, unknown>, strings: string[], ints: string[], doubles: string[], maps: string[] = [], texts: string[] = []) {
  const choices = [
    ...texts.map((f) => badText.map((v) => ({ ...base, [f]: v }))),
    ...strings.map((f) => oddString.map((v) => ({ ...base, [f]: v }))),
    ...ints.map((f) => badInt.map((v) => ({ ...base, [f]: v }))),
    ...doubles.map((f) => badDouble.map((v) => ({ ...base, [f]: v }))),
    ...maps.map((f) => swollenMap.map((v) => ({ ...base, [f]: v }))),
  ];
  return fc.oneof(...choices);
}

type Call = { name: string; request: object; auth?: string };
const forged = fc.record({ epoch: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 2 ** 31 })), sessionToken: oddString });
const registerBase = { workerId: 'fresh-1', name: 'n', address: '10.0.0.1:7000', maxConcurrentJobs: 2, joinToken: 'join-secret' };

const hostileCall: fc.Arbitrary<Call> = fc.oneof(
  spoil(registerBase, ['workerId', 'address'], ['maxConcurrentJobs', 'agentPort'], ['loadFactor'], ['labels'], ['name']).map((request) => ({ name: 'Register', request })),
  fc.tuple(fc.constantFrom('', 'join-secre', 'join-secret ', 'admin-secret'), oddString).map(([joinToken, name]) => ({ name: 'Register', request: { ...registerBase, name, joinToken } })),
  fc.array(spoil(registerBase, ['workerId'], ['maxConcurrentJobs'], ['loadFactor'], [], ['name']), { minLength: 1, maxLength: 4 }).map((requests) => ({ name: 'RegisterBatch', request: { requests } })),
  fc.tuple(fc.constantFrom('Heartbeat', 'Deregister', 'ReportTask'), forged, spoil({}, ['workerId', 'jobId', 'result', 'reason', 'message'], ['currentJobs', 'attempt', 'errorCount'], ['cpuPercent', 'memoryUsedMb']))
    .map(([name, credentials, fields]) => ({ name, request: { workerId: 'target', jobId: 'job-1', attempt: 1, ...fields, ...credentials } })),
  fc.tuple(fc.constantFrom('PreRegister', 'Unregister', 'Drain', 'SubmitJob', 'TriggerHealthCheck', 'TriggerCleanup', 'TriggerReconnect'), fc.constantFrom(undefined, 'Bearer join-secret', 'Bearer nope', 'admin-secret'))
    .map(([name, auth]) => ({ name, request: { workerId: 'target', name: 'n', address: '10.0.0.9:1', kind: 'k' }, ...(auth ? { auth } : {}) })),
  spoil({ name: 'n', address: '10.0.0.9:1' }, ['workerId', 'address'], [], []).map((request) => ({ name: 'PreRegister', request, auth: ADMIN })),
  oddString.map((workerId) => ({ name: 'Unregister', request: { workerId }, auth: ADMIN })),
  oddString.map((workerId) => ({ name: 'Drain', request: { workerId }, auth: ADMIN })),
  // `requires` had no size limit until this test found it (now at most 64 entries).
  spoil({ kind: 'k', jobId: 'job-x' }, ['jobId'], [], [], ['requires'], ['kind']).map((request) => ({ name: 'SubmitJob', request, auth: ADMIN })),
  fc.integer({ min: -(2 ** 31), max: -1 }).map((timeoutMs) => ({ name: 'SubmitJob', request: { kind: 'k', jobId: 'job-t', timeoutMs }, auth: ADMIN })),
  oddString.map((workerId) => ({ name: 'GetWorker', request: { workerId } })),
);

const REFUSALS = new Set([status.INVALID_ARGUMENT, status.UNAUTHENTICATED, status.NOT_FOUND, status.FAILED_PRECONDITION, status.PERMISSION_DENIED, status.RESOURCE_EXHAUSTED]);

function snapshot() {
  return registry.host.call((core) => ({
    members: [...core.members()].map((m) => ({ ...viewOf(m), lastHeartbeatAt: 0 })),
    jobs: [...core.jobs()].map((j) => ({ ...j })),
  }));
}

describe('structured hostile values over gRPC', () => {
  it('are refused with a clear status, never INTERNAL or UNKNOWN, and change no member or job', async () => {
    const before = snapshot();
    let tried = 0;
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileCall, async (call) => {
        tried++;
        const reply = await registry.raw.call(call.name, call.request, call.auth);
        const what = `${call.name} ${JSON.stringify(call.request).slice(0, 300)} auth=${call.auth}`;
        if (reply.ok && call.name === 'RegisterBatch') {
          // A batch answers per item: every item must be a refusal.
          const results = (reply.reply as { results: { result: string; error?: { code: number } }[] }).results;
          for (const r of results) expect([what, r.result], JSON.stringify(r)).toEqual([what, 'error']);
          return;
        }
        expect(reply.ok, `${what} was accepted`).toBe(false);
        if (reply.ok) return;
        codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
        expect(REFUSALS.has(reply.error.code), `${what} → ${reply.error.code} ${reply.error.details}`).toBe(true);
        expect(reply.error.details.length, what).toBeGreaterThan(0);
      }),
      propertyParams(400),
    );
    console.log(`hostile gRPC inputs tried: ${tried}; status codes: ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(snapshot()).toEqual(before);
    expect(value(await registry.connection.heartbeat({ ...session, status: 'idle', currentJobs: 0 } as never))).toBeDefined();
  }, 120_000);
});

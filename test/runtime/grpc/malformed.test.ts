// Bad input never crashes the server: bytes that do not decode, empty requests, negative and
// non-finite numbers all get INVALID_ARGUMENT (or the plain answer an empty request deserves),
// on unary calls and on both streams, and the server goes on serving.
import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../machines/random.ts';
import { methodOf, registryMethods } from '../../../runtime/grpc/load-proto.ts';
import { rawError, rawValue, registration, startTestRegistry, until, value, type RegistryUnderTest } from '../../support/grpc-harness.ts';

let registry: RegistryUnderTest;
afterEach(async () => registry?.stop());

/** Field 15 with wire type 7, which does not exist: no message decodes it. */
const UNDECODABLE = Buffer.from([0x7f]);
const unaryNames = Object.entries(registryMethods).filter(([, m]) => !m.requestStream && !m.responseStream).map(([name]) => name);

describe('malformed requests', () => {
  it('every unary method answers undecodable bytes with INVALID_ARGUMENT', async () => {
    registry = await startTestRegistry();
    expect(unaryNames).toHaveLength(16);
    for (const name of unaryNames) {
      const error = rawError(await registry.raw.callBytes(name, UNDECODABLE));
      expect([name, error.code]).toEqual([name, status.INVALID_ARGUMENT]);
      expect(error.details).toMatch(/^malformed request: /);
    }
    expect(rawValue(await registry.raw.call('Stats', {}))).toMatchObject({ total: 0 });
  });

  it('every unary method answers an empty request without INTERNAL or UNKNOWN', async () => {
    registry = await startTestRegistry();
    const codes: Record<string, number> = {};
    for (const name of unaryNames) {
      const reply = await registry.raw.call(name, {});
      codes[name] = reply.ok ? status.OK : reply.error.code;
    }
    expect(codes).toEqual({
      Register: status.INVALID_ARGUMENT, RegisterBatch: status.OK, Heartbeat: status.INVALID_ARGUMENT, Deregister: status.INVALID_ARGUMENT,
      ListWorkers: status.OK, GetWorker: status.INVALID_ARGUMENT, Stats: status.OK, ReportTask: status.INVALID_ARGUMENT,
      SubmitJob: status.INVALID_ARGUMENT, GetJob: status.INVALID_ARGUMENT, PreRegister: status.INVALID_ARGUMENT,
      Unregister: status.INVALID_ARGUMENT, Drain: status.INVALID_ARGUMENT, TriggerHealthCheck: status.OK, TriggerCleanup: status.OK,
      TriggerReconnect: status.OK,
    });
  });

  it('negative, non-finite and out-of-range numbers are INVALID_ARGUMENT, field by field', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    const session = { workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken };
    const fieldsOf = (e: { metadata: Metadata }) =>
      JSON.parse(String(e.metadata.get('rollcall-field-violations')[0])).map((v: { field: string }) => v.field);

    const beat = rawError(await registry.raw.call('Heartbeat', { ...session, epoch: -2, currentJobs: -1, cpuPercent: Number.NaN, memoryUsedMb: -5, errorCount: -1 }));
    expect(fieldsOf(beat)).toEqual(['epoch', 'currentJobs', 'cpuPercent', 'memoryUsedMb', 'errorCount']);
    const inf = rawError(await registry.raw.call('Heartbeat', { ...session, memoryTotalMb: Number.POSITIVE_INFINITY }));
    expect(fieldsOf(inf)).toEqual(['memoryTotalMb']);
    const register = rawError(await registry.raw.call('Register', { name: 'x', maxConcurrentJobs: -4, loadFactor: Number.NaN, resources: { cpuCores: -1 } }));
    expect(fieldsOf(register)).toEqual(['maxConcurrentJobs', 'loadFactor', 'resources.cpuCores']);
    const report = rawError(await registry.raw.call('ReportTask', { ...session, jobId: 'j', attempt: 0 }));
    expect(fieldsOf(report)).toEqual(['attempt']);
    const deregister = rawError(await registry.raw.call('Deregister', { ...session, epoch: 0 }));
    expect(fieldsOf(deregister)).toEqual(['epoch']);
    expect(rawValue(await registry.raw.call('Heartbeat', { ...session, currentJobs: 0 }))).toMatchObject({ instruction: 'NONE' });
  });

  it('the heartbeat stream answers an undecodable heartbeat inline and goes on', async () => {
    registry = await startTestRegistry();
    const s = value(await registry.connection.register(registration()));
    const method = methodOf<object, { error: { code: number } | null }>(registryMethods, 'HeartbeatStream');
    const client = new Client(registry.endpoint, credentials.createInsecure());
    const call = client.makeBidiStreamRequest(method.path, (b: Buffer) => b, method.responseDeserialize, new Metadata());
    const acks: ({ code: number } | null)[] = [];
    call.on('data', (ack: { error: { code: number } | null }) => acks.push(ack.error));
    call.on('error', () => {});
    call.write(UNDECODABLE);
    call.write(method.requestSerialize({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken }));
    await until(() => acks.length === 2);
    expect(acks[0]?.code).toBe(status.INVALID_ARGUMENT);
    expect(acks[1]).toBeNull();
    call.end();
    client.close();
  });

  it('a Tasks call with undecodable bytes ends with INVALID_ARGUMENT', async () => {
    registry = await startTestRegistry();
    const method = methodOf<object, object>(registryMethods, 'Tasks');
    const client = new Client(registry.endpoint, credentials.createInsecure());
    const call = client.makeServerStreamRequest(method.path, (b: Buffer) => b, method.responseDeserialize, UNDECODABLE, new Metadata());
    const codes: number[] = [];
    call.on('error', () => {});
    call.on('status', (s) => codes.push(s.code));
    await until(() => codes.length === 1);
    expect(codes).toEqual([status.INVALID_ARGUMENT]);
    expect(registry.streams.size).toBe(0);
    client.close();
  });
});

describe('random bytes', () => {
  it('never get INTERNAL or UNKNOWN, never stop the server (seed 20261201)', async () => {
    registry = await startTestRegistry();
    const random = new SeededRandom(20261201);
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(Array.from({ length: random.int(1, 24) }, () => random.int(0, 255)));
      const name = ['Register', 'Heartbeat', 'ReportTask', 'SubmitJob', 'Deregister', 'PreRegister'][i % 6]!;
      const reply = await registry.raw.callBytes(name, bytes);
      const code = reply.ok ? status.OK : reply.error.code;
      seen.add(code);
      expect([name, bytes.toString('hex'), code]).not.toEqual([name, bytes.toString('hex'), status.INTERNAL]);
      expect([name, bytes.toString('hex'), code]).not.toEqual([name, bytes.toString('hex'), status.UNKNOWN]);
    }
    expect(seen.has(status.INVALID_ARGUMENT)).toBe(true);
    expect(rawValue(await registry.raw.call('Stats', {}))).toHaveProperty('total');
  });
});

// The runtime loads rollcall.proto from the JSON descriptor the build writes (load-proto.ts), not
// from the .proto text through @grpc/proto-loader. The committed descriptor must match the .proto,
// and the service definitions made from it must put the same bytes on the wire and hand the
// handlers the same objects as proto-loader's, for every message of every method.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { LOADER_OPTIONS, registryMethods, workerAgentMethods } from '../../../runtime/grpc/load-proto.ts';
import { DESCRIPTOR_PATH, protoDescriptor } from '../../../runtime/package/proto-descriptor.ts';

const PROTO_DIR = join(import.meta.dirname, '../../../runtime/grpc/proto');
const parsed = loadSync('rollcall.proto', { keepCase: false, ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
const root = new protobuf.Root().loadSync(join(PROTO_DIR, 'rollcall.proto'), { keepCase: false });
root.resolveAll();

/** A value for one element of `field`: every scalar kind set off its default, nested messages filled. */
function valueOf(field: protobuf.Field, depth: number): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return depth < 3 ? sample(type, depth + 1) : {};
  if (type instanceof protobuf.Enum) return Object.keys(type.values).at(-1);
  switch (field.type) {
    case 'string': return `${field.name}-${depth}`;
    case 'bool': return true;
    case 'bytes': return Buffer.from([depth, 2, 255]);
    case 'double': case 'float': return 2.5;
    case 'int64': case 'uint64': case 'sint64': case 'fixed64': case 'sfixed64': return 1_733_000_000_123;
    default: return 7 + depth;
  }
}

/** A message with every field set (repeated fields and maps with two entries). */
function sample(type: protobuf.Type, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (field instanceof protobuf.MapField) out[field.name] = { a: valueOf(field, depth), b: valueOf(field, depth) };
    else out[field.name] = field.repeated ? [valueOf(field, depth), valueOf(field, depth)] : valueOf(field, depth);
  }
  return out;
}

const services: [string, ServiceDefinition, ServiceDefinition][] = [
  ['rollcall.v1.Registry', registryMethods, parsed['rollcall.v1.Registry'] as ServiceDefinition],
  ['rollcall.v1.WorkerAgent', workerAgentMethods, parsed['rollcall.v1.WorkerAgent'] as ServiceDefinition],
];
const methods = services.flatMap(([service, ours, theirs]) => Object.keys(theirs).map((name) => [`${service}/${name}`, ours[name]!, theirs[name]!, root.lookupService(service).methods[name]!] as const));

describe('the proto descriptor', () => {
  it('is up to date with rollcall.proto (npm run build rewrites it)', () => {
    expect(readFileSync(DESCRIPTOR_PATH, 'utf8')).toBe(protoDescriptor());
  });

  it('defines the methods of both services, as proto-loader does', () => {
    for (const [, ours, theirs] of services) expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(methods).toHaveLength(20);
  });

  it.each(methods)('%s: same path, streaming and name; same bytes and objects both ways', (_name, ours, theirs, method) => {
    const { path, requestStream, responseStream, originalName } = theirs;
    expect({ path: ours.path, requestStream: ours.requestStream, responseStream: ours.responseStream, originalName: ours.originalName }).toEqual({ path, requestStream, responseStream, originalName });
    const sides = [
      [ours.requestSerialize, ours.requestDeserialize, theirs.requestSerialize, theirs.requestDeserialize, method.resolvedRequestType!],
      [ours.responseSerialize, ours.responseDeserialize, theirs.responseSerialize, theirs.responseDeserialize, method.resolvedResponseType!],
    ] as const;
    for (const [serialize, deserialize, theirSerialize, theirDeserialize, type] of sides) {
      for (const value of [sample(type), {}]) {
        const bytes = serialize(value);
        expect(Buffer.isBuffer(bytes)).toBe(true);
        expect(bytes.equals(theirSerialize(value)), type.name).toBe(true);
        expect(deserialize(bytes), type.name).toEqual(theirDeserialize(bytes));
      }
      expect(() => serialize([] as unknown as object)).toThrow(/got array instead/);
    }
  });
});

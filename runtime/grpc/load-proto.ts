// rollcall.proto as the JSON descriptor the build writes beside it (rollcall.descriptor.json,
// from runtime/package/proto-descriptor.ts), made into grpc-js service definitions with
// protobufjs's light build: parsing the .proto and @grpc/proto-loader's descriptor tables cost
// each process ~100 ms of CPU at start. Messages are converted as @grpc/proto-loader would with
// LOADER_OPTIONS (a test holds the two to the same bytes and objects). The server gets request
// deserializers that never throw: bytes that do not decode become a marker the handlers answer
// with INVALID_ARGUMENT, where grpc-js on its own would answer INTERNAL.
import { readFileSync } from 'node:fs';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs/light.js';

/** How messages become objects: camelCase fields, int64 as number, enums as names, defaults filled in. */
export const LOADER_OPTIONS = { longs: Number, enums: String, defaults: true, oneofs: true } satisfies protobuf.IConversionOptions;

const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(new URL('./proto/rollcall.descriptor.json', import.meta.url), 'utf8')) as protobuf.INamespace);
root.resolveAll();

function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    return type.encode(type.fromObject(value)).finish() as Buffer; // protobufjs writes Buffers under Node
  };
}

function deserializer(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), LOADER_OPTIONS);
}

function serviceOf(name: string): ServiceDefinition {
  const service = root.lookupService(name);
  const out: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    out[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return out;
}

export const registryMethods = serviceOf('rollcall.v1.Registry');
export const workerAgentMethods = serviceOf('rollcall.v1.WorkerAgent');

/** One method of a service, typed by its wire messages (see proto/messages.ts and proto/view-messages.ts). */
export type Method<Req, Res> = MethodDefinition<Req, Res>;

export function methodOf<Req, Res>(service: ServiceDefinition, name: string): Method<Req, Res> {
  const method = service[name];
  if (!method) throw new Error(`rollcall.proto has no method ${name}`);
  return method as unknown as Method<Req, Res>;
}

const MALFORMED = Symbol('malformed request');

interface Malformed {
  [MALFORMED]: string;
}

/** Why a request could not be decoded, or undefined for a decoded request. */
export function malformedReason(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return 'request is not a message';
  return (request as Partial<Malformed>)[MALFORMED];
}

/** The service with every request deserializer made total (for servers only). */
export function tolerantService(service: ServiceDefinition): ServiceDefinition {
  const out: Record<string, MethodDefinition<object, object>> = {};
  for (const [name, method] of Object.entries(service)) {
    const decode = method.requestDeserialize;
    const requestDeserialize = (bytes: Buffer): object => {
      try {
        return decode(bytes);
      } catch (error) {
        return { [MALFORMED]: error instanceof Error ? error.message : String(error) } satisfies Malformed;
      }
    };
    out[name] = { ...method, requestDeserialize };
  }
  return out;
}

// rollcall.proto loaded at run time with @grpc/proto-loader (no code generation). The server
// gets request deserializers that never throw: bytes that do not decode become a marker the
// handlers answer with INVALID_ARGUMENT, where grpc-js on its own would answer INTERNAL.
import { fileURLToPath } from 'node:url';
import { loadSync, type MethodDefinition, type ServiceDefinition } from '@grpc/proto-loader';

const PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));

export const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: [PROTO_DIR] };

const definition = loadSync('rollcall.proto', LOADER_OPTIONS);

function serviceOf(name: string): ServiceDefinition {
  const service = definition[name];
  if (!service || 'format' in service || 'type' in service) throw new Error(`${name} is not a service of rollcall.proto`);
  return service as ServiceDefinition;
}

export const registryMethods = serviceOf('rollcall.v1.Registry');
export const workerAgentMethods = serviceOf('rollcall.v1.WorkerAgent');

/** One method of a service, typed by its wire messages (see proto/messages.ts). */
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
  const out: ServiceDefinition = {};
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

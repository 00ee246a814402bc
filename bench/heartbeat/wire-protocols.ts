// What the heartbeat bench's load generator speaks to its target: rollcall's Registry service
// (RegisterBatch, then HeartbeatStream or unary Heartbeat) or etcd's Lease service (LeaseGrant,
// then LeaseKeepAlive). The harness around them (channels, windows, rates, timing) is the same.
import { Client, Metadata } from '@grpc/grpc-js';
import { loadSync, type ServiceDefinition } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { methodOf, registryMethods, type Method } from '../../runtime/grpc/load-proto.ts';
import type { WireHeartbeatAck, WireRegisterBatchReply, WireRegisterBatchRequest } from '../../runtime/grpc/proto/messages.ts';

export interface WireProtocol {
  readonly name: string;
  /** Makes `count` sessions (registrations, leases); each is the body of its heartbeats. */
  sessions(client: Client, count: number, prefix: string, joinToken: string): Promise<object[]>;
  readonly stream: Method<object, object>;
  /** Null when the target has no unary heartbeat. */
  readonly unary: Method<object, object> | null;
  /** The target refused the heartbeat (a stale session, an unknown lease). */
  refused(ack: object): boolean;
}

export function unaryCall<Req, Res>(client: Client, method: Method<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), {}, (error, reply) =>
      error || !reply ? reject(error ?? new Error(`${method.path}: no reply`)) : resolve(reply)));
}

const BATCH = 1000;
// Each bench worker has an address of its own (a name under .invalid, never dialled while it
// beats): the registry knows an agent without a secret by its address (docs/behaviour.md §1,
// identity by address), so workers sharing one address were one member re-registered over and
// over, and all but the last session's heartbeats were refused.

const rollcall: WireProtocol = {
  name: 'rollcall',
  async sessions(client, count, prefix, joinToken) {
    const method = methodOf<Partial<WireRegisterBatchRequest>, WireRegisterBatchReply>(registryMethods, 'RegisterBatch');
    const bodies: object[] = [];
    for (let start = 0; start < count; start += BATCH) {
      const requests = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => ({
        name: `${prefix}${start + i}`, address: `${prefix}${start + i}.bench.invalid:9`, maxConcurrentJobs: 4, version: 'bench', joinToken,
      }));
      const reply = await unaryCall(client, method, { requests } as Partial<WireRegisterBatchRequest>);
      for (const result of reply.results) {
        if (!result.reply) throw new Error(`registration refused: ${JSON.stringify(result.error)}`);
        const { workerId, epoch, sessionToken } = result.reply;
        bodies.push({ workerId, epoch, sessionToken, status: 'IDLE', currentJobs: 0, availableCapacity: 4, cpuPercent: 12.5, memoryUsedMb: 512, memoryTotalMb: 2048 });
      }
    }
    return bodies;
  },
  stream: methodOf(registryMethods, 'HeartbeatStream'),
  unary: methodOf(registryMethods, 'Heartbeat'),
  refused: (ack) => {
    const error = (ack as WireHeartbeatAck).error;
    return error !== undefined && error !== null && error.code !== 0;
  },
};

/** etcd's Lease service from bench/heartbeat/etcd-lease.proto. Lease IDs are int64s beyond 2^53: kept as strings. */
export function etcdLeaseService(): ServiceDefinition {
  const proto = fileURLToPath(new URL('./etcd-lease.proto', import.meta.url));
  const definition = loadSync(proto, { keepCase: true, longs: String, enums: String, defaults: true });
  return definition['etcdserverpb.Lease'] as ServiceDefinition;
}

/** Leases live this long without a keepalive: far beyond a bench run. */
const LEASE_TTL_S = 3600;
const GRANTS_IN_FLIGHT = 64;

function etcd(): WireProtocol {
  const lease = etcdLeaseService();
  return {
    name: 'etcd',
    async sessions(client, count) {
      const grant = methodOf<{ TTL: number }, { ID: string; error: string }>(lease, 'LeaseGrant');
      const bodies: object[] = new Array(count);
      let next = 0;
      const lane = async () => {
        while (next < count) {
          const i = next++;
          const reply = await unaryCall(client, grant, { TTL: LEASE_TTL_S });
          if (reply.error) throw new Error(`lease grant refused: ${reply.error}`);
          bodies[i] = { ID: reply.ID };
        }
      };
      await Promise.all(Array.from({ length: Math.min(GRANTS_IN_FLIGHT, count) }, lane));
      return bodies;
    },
    stream: methodOf(lease, 'LeaseKeepAlive'),
    unary: null,
    refused: (ack) => Number((ack as { TTL: string }).TTL) <= 0,
  };
}

export function wireProtocol(name: string): WireProtocol {
  if (name === 'rollcall') return rollcall;
  if (name === 'etcd') return etcd();
  throw new Error(`unknown protocol "${name}" (rollcall or etcd)`);
}

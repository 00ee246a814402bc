// rollcall.v1.WorkerAgent: served by a worker so that a registry can dial in (seed 000), and
// the registry's dialer, shaped for RegistryHost's `dial` port: it answers true when the
// worker accepted the Attach, and false on any failure or timeout; it never throws.
import { Client, credentials, Metadata, type ChannelCredentials, type handleUnaryCall, type Server } from '@grpc/grpc-js';
import { malformedReason, methodOf, tolerantService, workerAgentMethods } from './load-proto.ts';
import type { WireAttachReply, WireAttachRequest, WireEmpty, WirePingReply } from './proto/messages.ts';
import { invalidArgument, statusOf } from './rpc-status.ts';

export interface AttachRequest {
  /** The registry the worker should register with, HOST:PORT. */
  registryEndpoint: string;
  workerId: string;
  joinToken: string;
}

export interface WorkerAgentHandlers {
  /** Told to register with the registry at `endpoint`; true when the worker will. */
  onAttach(endpoint: string, workerId: string, joinToken: string): boolean | Promise<boolean>;
  onPing(): { workerId: string; state: string };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function addWorkerAgentService(server: Server, handlers: WorkerAgentHandlers): void {
  const Attach: handleUnaryCall<WireAttachRequest, WireAttachReply> = (call, callback) => {
    const reason = malformedReason(call.request);
    if (reason !== undefined) return callback(statusOf(invalidArgument(`malformed request: ${reason}`)));
    const { registryEndpoint, workerId, joinToken } = call.request;
    if (typeof registryEndpoint !== 'string' || registryEndpoint === '') {
      const details = [{ field: 'registryEndpoint', description: 'must be HOST:PORT' }];
      return callback(statusOf(invalidArgument('invalid attach: registryEndpoint', details)));
    }
    Promise.resolve()
      .then(() => handlers.onAttach(registryEndpoint, workerId, joinToken))
      .then(
        (accepted) => callback(null, { accepted: accepted === true }),
        (error: unknown) => callback(statusOf({ code: 'INTERNAL', message: `attach failed: ${message(error)}` })),
      );
  };
  const Ping: handleUnaryCall<WireEmpty, WirePingReply> = (_call, callback) => {
    try {
      callback(null, handlers.onPing());
    } catch (error) {
      callback(statusOf({ code: 'INTERNAL', message: `ping failed: ${message(error)}` }));
    }
  };
  server.addService(tolerantService(workerAgentMethods), { Attach, Ping });
}

const attach = methodOf<WireAttachRequest, WireAttachReply>(workerAgentMethods, 'Attach');

/**
 * Dials a worker's agent and asks it to attach; true only when it accepted within `timeoutMs`.
 * The request carries the join token: over TLS (`channel`), the agent must prove it is who the
 * CA says before it gets it.
 */
export function dialWorkerAgent(address: string, request: AttachRequest, timeoutMs: number, channel: ChannelCredentials = credentials.createInsecure()): Promise<boolean> {
  return new Promise((resolve) => {
    let client: Client | undefined;
    const done = (accepted: boolean) => {
      client?.close();
      resolve(accepted);
    };
    try {
      client = new Client(address, channel);
      const deadline = Date.now() + timeoutMs;
      client.makeUnaryRequest(attach.path, attach.requestSerialize, attach.responseDeserialize, request, new Metadata(), { deadline }, (error, reply) =>
        done(!error && reply?.accepted === true),
      );
    } catch {
      done(false);
    }
  });
}

// rollcall.v1.WorkerAgent: served by a worker so that a registry can dial in (seed 000), and
// the registry's dialer, shaped for RegistryHost's `dial` port: it answers ok when the worker
// accepted the Attach, and why not on any failure, timeout or cancellation; it never throws,
// and it leaves no socket open once it has answered.
import { Client, credentials, Metadata, type ChannelCredentials, type ClientUnaryCall, type handleUnaryCall, type Server } from '@grpc/grpc-js';
import { malformedReason, methodOf, tolerantService, workerAgentMethods } from './load-proto.ts';
import type { WireAttachReply, WireAttachRequest, WireEmpty, WirePingReply } from './proto/messages.ts';
import { OwnedSockets } from './owned-sockets.ts';
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

export type DialOutcome = { ok: true } | { ok: false; reason: string };

export interface DialOptions {
  /** TLS for the agent; insecure by default. */
  channel?: ChannelCredentials;
  /** Ends the dial at once (the member was removed, the registry stops): call cancelled, sockets closed. */
  signal?: AbortSignal;
}

/**
 * Dials a worker's agent and asks it to attach; ok only when it accepted within `timeoutMs`.
 * The request carries the join token: over TLS (`options.channel`), the agent must prove it is
 * who the CA says before it gets it. Whatever the outcome, every socket the dial opened is
 * closed before it answers (grpc-js alone would keep one to an agent that never speaks).
 */
export function dialWorkerAgent(address: string, request: AttachRequest, timeoutMs: number, options: DialOptions = {}): Promise<DialOutcome> {
  const { signal } = options;
  return new Promise((resolve) => {
    const sockets = new OwnedSockets(options.channel ?? credentials.createInsecure());
    let client: Client | undefined;
    let call: ClientUnaryCall | undefined;
    let settled = false;
    const done = (outcome: DialOutcome) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      call?.cancel();
      client?.close();
      sockets.closeAll();
      resolve(outcome);
    };
    const cancel = () => done({ ok: false, reason: `cancelled: ${String(signal?.reason ?? 'aborted')}` });
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      client = new Client(address, sockets, { 'grpc.use_local_subchannel_pool': 1 });
      const deadline = Date.now() + timeoutMs;
      call = client.makeUnaryRequest(attach.path, attach.requestSerialize, attach.responseDeserialize, request, new Metadata(), { deadline }, (error, reply) => {
        if (error) done({ ok: false, reason: error.message });
        else done(reply?.accepted === true ? { ok: true } : { ok: false, reason: 'the worker declined (draining or stopped)' });
      });
    } catch (error) {
      done({ ok: false, reason: message(error) });
    }
  });
}

// The worker's side of HeartbeatStream: one ack per heartbeat sent, in order. A heartbeat the
// registry refused arrives as an ack carrying an error and is reported as that failure; the
// stream stays open. The stream breaking (an error status, the registry ending it, or no ack
// within `replyTimeoutMs` of a heartbeat) is reported once, and nothing after it.
import { Metadata, status as Status, type Client } from '@grpc/grpc-js';
import type { HeartbeatReply, HeartbeatRequest } from '../../machines/registry/registry.types.ts';
import { methodOf, registryMethods } from './load-proto.ts';
import type { WireHeartbeatAck, WireHeartbeatRequest } from './proto/messages.ts';
import type { HeartbeatStream, RpcResult } from './registry-connection.ts';
import { failureOfStatus, failureOfWireError, type RpcFailure } from './rpc-status.ts';
import { heartbeatReplyFromWire, heartbeatRequestToWire } from './wire-map.ts';

const method = methodOf<Partial<WireHeartbeatRequest>, WireHeartbeatAck>(registryMethods, 'HeartbeatStream');

export interface HeartbeatStreamOptions {
  replyTimeoutMs: number;
  /** The worker's capacity, so heartbeats carry status and available capacity. */
  maxConcurrentJobs?: number;
}

export function openClientHeartbeatStream(
  client: Client,
  options: HeartbeatStreamOptions,
  onReply: (result: RpcResult<HeartbeatReply>) => void,
): HeartbeatStream {
  let done = false;
  const sentAt: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  const call = client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, new Metadata(), {});

  const stop = () => {
    done = true;
    clearTimeout(timer);
    call.cancel();
  };
  const broke = (failure: RpcFailure) => {
    if (done) return;
    stop();
    onReply(failure);
  };
  const watch = () => {
    clearTimeout(timer);
    timer = undefined;
    const oldest = sentAt[0];
    if (oldest === undefined || done) return;
    const waitMs = Math.max(0, oldest + options.replyTimeoutMs - Date.now());
    timer = setTimeout(() => broke({ ok: false, code: 'DEADLINE_EXCEEDED', message: `no heartbeat ack within ${options.replyTimeoutMs} ms` }), waitMs);
  };

  call.on('data', (ack: WireHeartbeatAck) => {
    if (done) return;
    sentAt.shift();
    watch();
    if (ack.error && ack.error.code !== Status.OK) onReply(failureOfWireError(ack.error));
    else onReply({ ok: true, value: heartbeatReplyFromWire(ack) });
  });
  call.on('error', () => {}); // reported through 'status'
  call.on('status', (status) => {
    if (status.code !== Status.OK) broke(failureOfStatus(status));
    else broke({ ok: false, code: 'UNAVAILABLE', message: 'the registry ended the heartbeat stream' });
  });

  return {
    send(request: HeartbeatRequest): void {
      if (done) return;
      sentAt.push(Date.now());
      if (sentAt.length === 1) watch();
      call.write(heartbeatRequestToWire(request, options.maxConcurrentJobs));
    },
    close(): void {
      if (!done) stop();
    },
  };
}

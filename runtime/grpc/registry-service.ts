// The rollcall.v1.Registry service: every RPC mapped onto `RegistryHost.call`, so that the
// core decides and its effects are durable before the reply leaves. Failures travel as gRPC
// statuses with trailing metadata (rpc-status.ts, docs/protocol.md).
import type { Server, ServerDuplexStream, ServerWritableStream } from '@grpc/grpc-js';
import { meansReRegister, type RpcCode } from '../../machines/rpc-code.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import { registryMethods, tolerantService } from './load-proto.ts';
import type { WireDeregisterReply, WireDeregisterRequest, WireEmpty, WireHeartbeatAck, WireHeartbeatRequest, WireTask, WireTaskReport, WireTasksRequest } from './proto/messages.ts';
import { guardAdminRpcs } from './admin-auth.ts';
import { adminHandlers, queryHandlers } from './admin-handlers.ts';
import { registerBatchHandler, registerHandler, type RefusalObserver } from './register-handlers.ts';
import { answerOf, answerSafely, invalid, onCore, STORE_FAILED, unary, type Answer } from './rpc-handlers.ts';
import { statusNumberOf, wireErrorOf, type WireFailure } from './rpc-status.ts';
import type { StreamQuota } from './stream-quota.ts';
import type { TaskStreams } from './task-streams.ts';
import { checkDeregister, checkHeartbeat, checkTaskReport } from './wire-input.ts';
import { deregisterFromWire, heartbeatAckToWire, heartbeatRequestFromWire, taskReportFromWire } from './wire-map.ts';

export interface RegistryServiceOptions {
  /** The cluster join token registrations must carry; none required when absent. */
  joinToken?: string;
  /** Admin RPCs need `authorization: Bearer <adminToken>` metadata; open when absent. */
  adminToken?: string;
  /** Read RPCs (ListWorkers, GetWorker, Stats, GetJob) need the admin token too. */
  protectReads?: boolean;
  /** Told of every refused admin credential (never given the token). */
  onAdminRefused?: (method: string) => void;
  /** Told of registrations refused before the core saw them (for metrics; the core counts the rest). */
  onRegistrationRefused?: RefusalObserver;
  /** Caps the HeartbeatStream and Tasks streams one peer holds open; unlimited when absent. */
  streamQuota?: StreamQuota;
  /** Told of each heartbeat refused on a HeartbeatStream: the peer and the status code (the audit log). */
  onHeartbeatRefused?: (peer: string, code: number) => void;
  /** Told of each heartbeat refused before the core saw it (metrics; the core counts its own refusals). */
  onHeartbeatFailed?: (code: EarlyRefusal) => void;
  /** Told how long each heartbeat's handling took, in seconds (the registry's heartbeat-handling histogram). */
  onHeartbeatHandled?: (seconds: number) => void;
}

/** Why a heartbeat is refused before the core sees it; the core never answers a heartbeat with these. */
export type EarlyRefusal = 'invalid_argument' | 'unavailable' | 'internal';
const EARLY_REFUSALS: Partial<Record<RpcCode, EarlyRefusal>> = { INVALID_ARGUMENT: 'invalid_argument', UNAVAILABLE: 'unavailable', INTERNAL: 'internal' };

/** Reports a heartbeat answer that never reached the core to `observer`. */
function countEarly(observer: RegistryServiceOptions['onHeartbeatFailed']): (answer: Answer<WireHeartbeatAck>) => void {
  return (answer) => {
    const early = 'failure' in answer ? EARLY_REFUSALS[answer.failure.code] : undefined;
    if (early && observer) observer(early);
  };
}

type Fields = Record<string, unknown>;

function heartbeat(host: RegistryHost, w: WireHeartbeatRequest): Answer<WireHeartbeatAck> {
  const bad = invalid('heartbeat', checkHeartbeat(w as unknown as Fields));
  if (bad) return bad;
  const standby = !host.up && host.standbyBeats?.(heartbeatRequestFromWire(w));
  if (standby) return answerOf(standby, heartbeatAckToWire);
  return onCore(host, (core, now) => answerOf(core.run({ kind: 'heartbeat', request: heartbeatRequestFromWire(w) }, now), heartbeatAckToWire));
}

/** `heartbeat`, timed for `observe` when there is one. */
function timedHeartbeat(host: RegistryHost, observe: RegistryServiceOptions['onHeartbeatHandled']): (w: WireHeartbeatRequest) => Answer<WireHeartbeatAck> {
  if (!observe) return (w) => heartbeat(host, w);
  return (w) => {
    const start = performance.now();
    const answer = heartbeat(host, w);
    observe((performance.now() - start) / 1000);
    return answer;
  };
}

/** The ack for a heartbeat the registry refused: the stream goes on. */
function failedAck(failure: WireFailure): WireHeartbeatAck {
  const reRegister = meansReRegister(failure.code) && failure.reason !== 'superseded';
  return { instruction: reRegister ? 'RE_REGISTER' : 'NONE', heartbeatIntervalMs: 0, error: wireErrorOf(failure) };
}

/**
 * One ack per heartbeat, in order; a failed heartbeat gets an ack carrying its error. A worker
 * that does not read its acks is not read from either (no unbounded queue of acks).
 */
function heartbeatStream(host: RegistryHost, options: RegistryServiceOptions) {
  const { streamQuota: quota, onHeartbeatRefused } = options;
  const observe = countEarly(options.onHeartbeatFailed);
  const handle = timedHeartbeat(host, options.onHeartbeatHandled);
  return (call: ServerDuplexStream<WireHeartbeatRequest, WireHeartbeatAck>): void => {
    if (quota && !quota.admit(call, 'HeartbeatStream')) return;
    // Acks wait for the writes their heartbeat caused (a transition back to active), and stay in
    // order: once one waits, the later ones queue behind it.
    let waiting: Promise<void> | null = null;
    const send = (ack: WireHeartbeatAck) => {
      if (call.destroyed || call.writableEnded) return;
      if (!call.write(ack)) {
        call.pause();
        call.once('drain', () => call.resume());
      }
    };
    call.on('data', (w: WireHeartbeatRequest) => {
      const answer = answerSafely(w, handle);
      observe(answer);
      const ack = 'reply' in answer ? answer.reply : failedAck(answer.failure);
      if ('failure' in answer) onHeartbeatRefused?.(call.getPeer(), statusNumberOf(answer.failure.code));
      const durable = host.settled();
      if (!durable && !waiting) return send(ack);
      const turn: Promise<void> = (waiting ?? Promise.resolve())
        .then(() => durable)
        .then(() => send(ack), () => send(failedAck(STORE_FAILED)))
        .finally(() => {
          if (waiting === turn) waiting = null;
        });
      waiting = turn;
    });
    call.on('end', () => call.end());
    call.on('error', () => {}); // a broken stream just ends
  };
}

export function addRegistryService(server: Server, host: RegistryHost, streams: TaskStreams, options: RegistryServiceOptions = {}): void {
  server.addService(tolerantService(registryMethods), {
    Register: registerHandler(host, options.joinToken, options.onRegistrationRefused),
    RegisterBatch: registerBatchHandler(host, options.joinToken, options.onRegistrationRefused),
    Heartbeat: unary(host, timedHeartbeat(host, options.onHeartbeatHandled), countEarly(options.onHeartbeatFailed)),
    HeartbeatStream: heartbeatStream(host, options),
    Deregister: unary(host, (w: WireDeregisterRequest) =>
      invalid('deregistration', checkDeregister(w as unknown as Fields)) ??
      onCore(host, (core, now) => answerOf(core.run({ kind: 'deregister', request: deregisterFromWire(w) }, now), (r): WireDeregisterReply => ({ requeued: r.requeued }))),
    ),
    Tasks: (call: ServerWritableStream<WireTasksRequest, WireTask>) => {
      if (!options.streamQuota || options.streamQuota.admit(call, 'Tasks')) streams.serve(host, call);
    },
    ReportTask: unary(host, (w: WireTaskReport) =>
      invalid('task report', checkTaskReport(w as unknown as Fields)) ??
      onCore(host, (core, now) => answerOf(core.run({ kind: 'reportTask', report: taskReportFromWire(w) }, now), (): WireEmpty => ({})))),
    ...guardAdminRpcs({ ...queryHandlers(host), ...adminHandlers(host, streams) }, {
      adminToken: options.adminToken,
      protectReads: options.protectReads ?? false,
      ...(options.onAdminRefused ? { onRefused: options.onAdminRefused } : {}),
    }),
  });
}

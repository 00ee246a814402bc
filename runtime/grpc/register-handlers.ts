// Register and RegisterBatch: the join token, the agent address (given, or the caller's host
// with `agent_port`), then the core's own validation, identity and lock-out rules.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { ErrorCode, Outcome, RegisterReply, RegisterRequest } from '../../machines/registry/registry.types.ts';
import { validateRegistration } from '../../machines/registry/validation.ts';
import { sameToken } from '../auth/tokens.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { WireRegisterBatchReply, WireRegisterBatchRequest, WireRegisterReply, WireRegisterRequest, WireRegisterResult } from './proto/messages.ts';
import { answerOf, onCore, refuse, unary, violationsFailure, type Answer } from './rpc-handlers.ts';
import { invalidArgument, wireErrorOf, type WireFailure } from './rpc-status.ts';
import { checkRegisterExtras } from './wire-input.ts';
import { registerReplyToWire, registerRequestFromWire } from './wire-map.ts';

/** Items one RegisterBatch may carry. */
export const REGISTER_BATCH_MAX = 1000;

/** The host part of a grpc-js peer string ("127.0.0.1:5000", "[::1]:5000", "ipv4:…"). */
export function peerHost(peer: string): string | undefined {
  const bare = peer.replace(/^ipv[46]:/, '');
  const colon = bare.lastIndexOf(':');
  return colon > 0 ? bare.slice(0, colon) : undefined;
}

type Prepared = { request: RegisterRequest } | { failure: WireFailure };

/** Checks what the core does not see and builds the core's request. */
function prepare(w: WireRegisterRequest, peer: string, joinToken: string | undefined): Prepared {
  if (joinToken !== undefined && !sameToken(w.joinToken, joinToken)) {
    return { failure: { code: 'UNAUTHENTICATED', message: 'missing or wrong cluster join token', reason: 'unauthenticated' } };
  }
  const host = peerHost(peer);
  const address = w.address ?? (w.agentPort !== undefined && host !== undefined ? `${host}:${w.agentPort}` : undefined);
  const request = registerRequestFromWire(w, address);
  if (host !== undefined) request.sourceAddress = host;
  const extras = checkRegisterExtras(w as unknown as Record<string, unknown>);
  if (extras.length === 0) return { request };
  // Report the core's violations too, so that every violated field is named at once.
  const core = validateRegistration(request).filter((v) => !(v.field === 'address' && w.address === undefined));
  return { failure: violationsFailure('registration', [...core, ...extras]) ?? invalidArgument('invalid registration') };
}

/** Told of registrations refused before the core saw them (the core counts the rest). */
export type RefusalObserver = (code: ErrorCode) => void;

export function registerHandler(host: RegistryHost, joinToken: string | undefined, refused: RefusalObserver = () => {}) {
  return unary(host, (w: WireRegisterRequest, call: ServerUnaryCall<WireRegisterRequest, WireRegisterReply>): Answer<WireRegisterReply> => {
    const prepared = prepare(w, call.getPeer(), joinToken);
    if ('failure' in prepared) {
      refused((prepared.failure.reason ?? 'invalid_argument') as ErrorCode);
      return refuse(prepared.failure);
    }
    return onCore(host, (core, now) => answerOf(core.run({ kind: 'register', request: prepared.request }, now), registerReplyToWire));
  });
}

function resultOf(outcome: Outcome<RegisterReply>): WireRegisterResult {
  const answer = answerOf(outcome, registerReplyToWire);
  return 'reply' in answer ? { result: 'reply', reply: answer.reply } : { result: 'error', error: wireErrorOf(answer.failure) };
}

export function registerBatchHandler(host: RegistryHost, joinToken: string | undefined, refused: RefusalObserver = () => {}) {
  return unary(host, (w: WireRegisterBatchRequest, call: ServerUnaryCall<WireRegisterBatchRequest, WireRegisterBatchReply>): Answer<WireRegisterBatchReply> => {
    if (!Array.isArray(w.requests)) return refuse(invalidArgument('invalid batch: requests must be a list', [{ field: 'requests', description: 'must be a list' }]));
    if (w.requests.length > REGISTER_BATCH_MAX) {
      return refuse(invalidArgument(`invalid batch: at most ${REGISTER_BATCH_MAX} requests`, [{ field: 'requests', description: `must have at most ${REGISTER_BATCH_MAX} items` }]));
    }
    const prepared = w.requests.map((item) => prepare(item, call.getPeer(), joinToken));
    for (const p of prepared) if ('failure' in p) refused((p.failure.reason ?? 'invalid_argument') as ErrorCode);
    const accepted = prepared.flatMap((p) => ('request' in p ? [p.request] : []));
    return onCore(host, (core, now) => {
      const outcomes = core.run({ kind: 'registerBatch', requests: accepted }, now);
      let next = 0;
      const results = prepared.map((p): WireRegisterResult => {
        if ('request' in p) return resultOf(outcomes[next++]!);
        return { result: 'error', error: wireErrorOf(p.failure) };
      });
      return { reply: { results } };
    });
  });
}

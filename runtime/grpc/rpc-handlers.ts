// The shape every unary handler of the registry shares: decode problems and thrown errors
// become statuses (the server never crashes on a request), the core runs through
// `RegistryHost.call` (effects durable before the reply), and a core `Outcome` becomes either
// a reply message or a status with trailing metadata.
import type { handleUnaryCall, ServerUnaryCall } from '@grpc/grpc-js';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { FieldViolation, Outcome } from '../../machines/registry/registry.types.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import { malformedReason } from './load-proto.ts';
import { failureOfRegistry, invalidArgument, statusOf, type WireFailure } from './rpc-status.ts';

/** What a handler answers: a reply message, or a failure sent as a status. */
export type Answer<T> = { reply: T } | { failure: WireFailure };

export function refuse(failure: WireFailure): { failure: WireFailure } {
  return { failure };
}

/** A core outcome as an answer, the success mapped to its wire reply. */
export function answerOf<T, R>(outcome: Outcome<T>, toWire: (value: { ok: true } & T) => R): Answer<R> {
  return outcome.ok ? { reply: toWire(outcome) } : { failure: failureOfRegistry(outcome) };
}

/** INVALID_ARGUMENT naming every violated field, or undefined when there is none. */
export function violationsFailure(what: string, violations: FieldViolation[]): WireFailure | undefined {
  if (violations.length === 0) return undefined;
  return invalidArgument(`invalid ${what}: ${violations.map((v) => v.field).join(', ')}`, violations);
}

/** The same as an answer. */
export function invalid(what: string, violations: FieldViolation[]): Answer<never> | undefined {
  const failure = violationsFailure(what, violations);
  return failure ? refuse(failure) : undefined;
}

/** Runs `handle` on the core, or answers UNAVAILABLE while the registry is down. */
export function onCore<T>(host: RegistryHost, handle: (core: CoreAccess, now: number) => Answer<T>): Answer<T> {
  if (!host.up) return refuse({ code: 'UNAVAILABLE', message: host.downReason });
  return host.call(handle);
}

/** Any request through the checks every call gets: decodable, and no handler error escapes. */
export function answerSafely<Req, Res>(request: Req, run: (request: Req) => Answer<Res>): Answer<Res> {
  const reason = malformedReason(request);
  if (reason !== undefined) return refuse(invalidArgument(`malformed request: ${reason}`));
  try {
    return run(request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return refuse({ code: 'INTERNAL', message: `the registry failed to handle the request: ${message}` });
  }
}

/** UNAVAILABLE for an answer whose writes the store could not make durable. */
export const STORE_FAILED: WireFailure = { code: 'UNAVAILABLE', message: 'the registry could not store the change; try again' };

/** Calls `send` once the host's writes so far are durable (at once when they are). */
export function whenDurable(host: RegistryHost, send: () => void, fail: () => void): void {
  const durable = host.settled();
  if (durable) durable.then(send, fail);
  else send();
}

/** A unary handler: the answer leaves only once the writes it caused are durable. `observe` sees each answer. */
export function unary<Req, Res>(
  host: RegistryHost,
  run: (request: Req, call: ServerUnaryCall<Req, Res>) => Answer<Res>,
  observe?: (answer: Answer<Res>) => void,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const answer = answerSafely(call.request, (request) => run(request, call));
    observe?.(answer);
    whenDurable(
      host,
      () => ('failure' in answer ? callback(statusOf(answer.failure)) : callback(null, answer.reply)),
      () => callback(statusOf(STORE_FAILED)),
    );
  };
}

// How a route reaches the registry core: through RegistryHost.call, which makes the request's
// effects durable before it returns. Errors are thrown only after the call, never inside it,
// so a failed request cannot leave effects unflushed.
import type { CoreAccess } from '../registry/core-turn.ts';
import type { Outcome } from '../../machines/registry/registry.types.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import { ApiError } from './api-error.ts';

export function onCore<R>(host: RegistryHost, handle: (core: CoreAccess, now: number) => R): R {
  if (!host.up) throw new ApiError('unavailable', host.downReason);
  return host.call(handle);
}

/** The successful outcome, or the core's error as an ApiError. */
export function unwrap<T>(outcome: Outcome<T>): { ok: true } & T {
  if (!outcome.ok) throw ApiError.from(outcome);
  return outcome;
}

/** The bearer credential of an `Authorization` header, if there is one. */
export function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

// A session's credentials on a REST call: the epoch and the session token, from the body
// (`epoch`, `sessionToken`) or from `Authorization: Bearer <token>` / `Bearer <epoch>.<token>`.
// A rule across the body and a header, so the code says it rather than the body's schema.
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { bearerOf } from './core-call.ts';
import { isPlainObject } from './field-reader.ts';

export interface SessionCredentials {
  epoch: number;
  sessionToken: string;
}

/**
 * Reads the credentials; a missing token is a 401, a missing epoch a violation returned for
 * the body's 400 (a malformed one the body's schema names).
 */
export function sessionCredentials(body: unknown, authorization: string | undefined): { credentials: SessionCredentials; violations: FieldViolation[] } {
  const fields = isPlainObject(body) ? body : {};
  const bearer = bearerOf(authorization);
  const dot = bearer?.indexOf('.') ?? -1;
  const bearerEpoch = bearer !== undefined && dot > 0 ? Number(bearer.slice(0, dot)) : undefined;
  const bearerToken = bearer !== undefined && dot > 0 ? bearer.slice(dot + 1) : bearer;

  const sessionToken = typeof fields.sessionToken === 'string' ? fields.sessionToken : bearerToken;
  if (!sessionToken) {
    throw new ApiError('unauthenticated', 'a session token is required (body "sessionToken" or Authorization: Bearer <token>)');
  }
  const violations: FieldViolation[] = [];
  let epoch = typeof fields.epoch === 'number' ? fields.epoch : undefined;
  if (fields.epoch === undefined) {
    if (bearerEpoch !== undefined && Number.isSafeInteger(bearerEpoch) && bearerEpoch >= 0) epoch = bearerEpoch;
    else violations.push({ field: 'epoch', description: 'is required (body "epoch" or Authorization: Bearer <epoch>.<token>)' });
  }
  return { credentials: { epoch: epoch ?? -1, sessionToken }, violations };
}

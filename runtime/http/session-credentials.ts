// A session's credentials on a REST call: the epoch and the session token, from the body
// (`epoch`, `sessionToken`) or from `Authorization: Bearer <token>` / `Bearer <epoch>.<token>`.
import { ApiError } from './api-error.ts';
import { bearerOf } from './core-call.ts';
import type { FieldReader } from './field-reader.ts';

export interface SessionCredentials {
  epoch: number;
  sessionToken: string;
}

/** Reads the credentials; a missing token is a 401, a missing epoch a field violation in `body`. */
export function sessionCredentials(body: FieldReader, authorization: string | undefined): SessionCredentials {
  const bearer = bearerOf(authorization);
  const dot = bearer?.indexOf('.') ?? -1;
  const bearerEpoch = bearer !== undefined && dot > 0 ? Number(bearer.slice(0, dot)) : undefined;
  const bearerToken = bearer !== undefined && dot > 0 ? bearer.slice(dot + 1) : bearer;

  const sessionToken = body.string('sessionToken') ?? bearerToken;
  if (!sessionToken) {
    throw new ApiError('unauthenticated', 'a session token is required (body "sessionToken" or Authorization: Bearer <token>)');
  }
  let epoch = body.integer('epoch', 0, Number.MAX_SAFE_INTEGER);
  if (epoch === undefined && !body.has('epoch')) {
    if (bearerEpoch !== undefined && Number.isSafeInteger(bearerEpoch) && bearerEpoch >= 0) epoch = bearerEpoch;
    else body.violate('epoch', 'is required (body "epoch" or Authorization: Bearer <epoch>.<token>)');
  }
  return { epoch: epoch ?? -1, sessionToken };
}

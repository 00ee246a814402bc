import { describe, expect, it } from 'vitest';
import { isRetriable, meansReRegister, type RpcCode } from '../../machines/rpc-code.ts';

const allCodes: RpcCode[] = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'UNAUTHENTICATED',
];

describe('rpc codes', () => {
  it('retries exactly the transient codes', () => {
    expect(allCodes.filter(isRetriable)).toEqual(['DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'ABORTED', 'UNAVAILABLE']);
  });

  it('re-registers on an unknown worker, a stale epoch or a revoked session token', () => {
    expect(allCodes.filter(meansReRegister)).toEqual(['NOT_FOUND', 'FAILED_PRECONDITION', 'UNAUTHENTICATED']);
  });

  it('no code is both retried and a re-registration', () => {
    expect(allCodes.filter((code) => isRetriable(code) && meansReRegister(code))).toEqual([]);
  });
});

// Shared pieces of the worker machine's tests: failure events, and workers put in a state.
import type { RpcCode } from '../../machines/rpc-code.ts';
import { activeWorker, startWorker, type Harness } from './worker-harness.ts';
import { expect } from 'vitest';

export const retriableCodes: RpcCode[] = ['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'ABORTED'];
export const fatalCodes: RpcCode[] = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'FAILED_PRECONDITION', 'UNIMPLEMENTED', 'INTERNAL', 'UNAUTHENTICATED',
];
export const noJitter = { jitter: false };

export const regFailed = (code: RpcCode, retryAfterMs?: number) =>
  ({ type: 'register.failed', code, message: `register: ${code}`, retryAfterMs }) as const;
export const hbFailed = (code: RpcCode = 'UNAVAILABLE') => ({ type: 'heartbeat.failed', code, message: `heartbeat: ${code}` }) as const;
export const deregFailed = (code: RpcCode = 'UNAVAILABLE') => ({ type: 'deregister.failed', code, message: `deregister: ${code}` }) as const;

export function registering(options: Parameters<typeof startWorker>[0] = {}): Harness {
  const w = startWorker(options);
  w.send({ type: 'worker.start' });
  return w;
}

/** From active: the loop reports a failed beat, landing in reconnecting.backoff. */
export function reconnectingWorker(options: Parameters<typeof startWorker>[0] = {}): Harness {
  const w = activeWorker(options);
  w.loop().sendBack(hbFailed());
  return w;
}

export function expectStopped(w: Harness) {
  expect(w.value()).toBe('stopped');
  expect(w.snapshot().status).toBe('done');
  expect(w.count('notifyStopped')).toBe(1);
}


// The pure pieces of the gRPC layer: status codes both ways, trailing metadata read
// defensively, peer strings, bind errors, and wire mapping round trips.
import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { RpcCode } from '../../../machines/rpc-code.ts';
import { bindProblem } from '../../../runtime/grpc/bind-problem.ts';
import { peerHost } from '../../../runtime/grpc/register-handlers.ts';
import { ERROR_METADATA, failureOfStatus, failureOfWireError, rpcCodeOfStatus, statusNumberOf, statusOf, wireErrorOf } from '../../../runtime/grpc/rpc-status.ts';
import {
  heartbeatAckToWire, heartbeatReplyFromWire, heartbeatRequestFromWire, heartbeatRequestToWire, registerReplyFromWire, registerReplyToWire,
  taskFromWire, taskToWire,
} from '../../../runtime/grpc/wire-map.ts';
import type { WireHeartbeatRequest } from '../../../runtime/grpc/proto/messages.ts';

const CODES: RpcCode[] = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'UNAUTHENTICATED',
];

describe('status codes', () => {
  it('map both ways for every RpcCode; codes outside the set are UNKNOWN', () => {
    for (const code of CODES) expect(rpcCodeOfStatus(statusNumberOf(code))).toBe(code);
    expect(statusNumberOf('FAILED_PRECONDITION')).toBe(status.FAILED_PRECONDITION);
    expect(rpcCodeOfStatus(status.OUT_OF_RANGE)).toBe('UNKNOWN');
    expect(rpcCodeOfStatus(status.DATA_LOSS)).toBe('UNKNOWN');
  });

  it('a failure survives the trip through status and metadata, and through an Error message', () => {
    const failure = { code: 'RESOURCE_EXHAUSTED' as const, message: 'wait', reason: 'rate_limited', retryAfterMs: 1500.2, details: [{ field: 'f', description: 'd' }] };
    const sent = statusOf(failure);
    expect(sent.metadata?.get(ERROR_METADATA.retryAfterMs)).toEqual(['1501']);
    expect(failureOfStatus({ code: sent.code!, details: sent.details!, metadata: sent.metadata! })).toEqual({
      ok: false, code: 'RESOURCE_EXHAUSTED', message: 'wait', reason: 'rate_limited', retryAfterMs: 1501, details: [{ field: 'f', description: 'd' }],
    });
    expect(failureOfWireError(wireErrorOf(failure))).toEqual({
      ok: false, code: 'RESOURCE_EXHAUSTED', message: 'wait', reason: 'rate_limited', retryAfterMs: 1501, details: [{ field: 'f', description: 'd' }],
    });
  });

  it('ignores metadata it cannot read', () => {
    const metadata = new Metadata();
    metadata.set(ERROR_METADATA.fieldViolations, '{not json');
    metadata.set(ERROR_METADATA.retryAfterMs, 'soon');
    expect(failureOfStatus({ code: status.INVALID_ARGUMENT, details: 'bad', metadata })).toEqual({ ok: false, code: 'INVALID_ARGUMENT', message: 'bad' });
    const odd = new Metadata();
    odd.set(ERROR_METADATA.fieldViolations, JSON.stringify([{ field: 'a', description: 'b' }, { field: 3 }, null]));
    expect(failureOfStatus({ code: status.INVALID_ARGUMENT, details: 'bad', metadata: odd }).details).toEqual([{ field: 'a', description: 'b' }]);
  });
});

describe('peerHost and bindProblem', () => {
  it('take the host out of grpc-js peer strings', () => {
    expect(peerHost('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(peerHost('ipv4:10.0.0.2:5000')).toBe('10.0.0.2');
    expect(peerHost('[::1]:5000')).toBe('[::1]');
    expect(peerHost('ipv6:[fe80::1]:6000')).toBe('[fe80::1]');
    expect(peerHost('unknown')).toBeUndefined();
  });

  it('reads the cause out of grpc-js bind errors', () => {
    expect(bindProblem('No address added out of total 1 resolved errors: [listen EADDRINUSE: address already in use 127.0.0.1:4]'))
      .toBe('address already in use (EADDRINUSE)');
    expect(bindProblem('No address added out of total 1 resolved errors: [listen EACCES: permission denied 0.0.0.0:80]'))
      .toBe('permission denied (EACCES)');
    expect(bindProblem('something else\nsecond line')).toBe('something else');
  });
});

describe('wire mapping', () => {
  it('register replies, acks and tasks survive a round trip', () => {
    const reply = { workerId: 'w', epoch: 3, sessionToken: 't', reRegistered: true, idReassigned: false, registeredAt: 5, heartbeatIntervalMs: 30_000 };
    expect(registerReplyFromWire(registerReplyToWire(reply))).toEqual(reply);
    expect(registerReplyFromWire(registerReplyToWire({ ...reply, workerSecret: 's' })).workerSecret).toBe('s');
    for (const instruction of ['none', 'reRegister', 'drain'] as const) {
      expect(heartbeatReplyFromWire(heartbeatAckToWire({ instruction, heartbeatIntervalMs: 1 }))).toEqual({ instruction, heartbeatIntervalMs: 1 });
    }
    const task = { jobId: 'j', attempt: 2, epoch: 4, kind: 'k', payload: 'p', timeoutMs: 9 };
    expect(taskFromWire(taskToWire(task))).toEqual(task);
  });

  it('a heartbeat keeps the difference between no job list and an empty one, and reports status', () => {
    const base = { workerId: 'w', epoch: 1, sessionToken: 't', currentJobs: 2 };
    const full = heartbeatRequestToWire({ ...base, activeJobIds: [] }, 2) as WireHeartbeatRequest;
    expect(full).toMatchObject({ status: 'BUSY', availableCapacity: 0, activeJobs: { ids: [] } });
    expect(heartbeatRequestFromWire(full).activeJobIds).toEqual([]);
    const silent = heartbeatRequestToWire({ ...base, draining: true }) as WireHeartbeatRequest;
    expect(silent).toMatchObject({ status: 'DRAINING', activeJobs: null });
    expect(heartbeatRequestFromWire(silent)).not.toHaveProperty('activeJobIds');
    expect(heartbeatRequestFromWire(silent).draining).toBe(true);
  });

  it("a heartbeat carries the breaker's state; none said is none reported", () => {
    const base = { workerId: 'w', epoch: 1, sessionToken: 't', currentJobs: 0 };
    for (const breakerState of ['closed', 'open', 'halfOpen'] as const) {
      expect(heartbeatRequestFromWire(heartbeatRequestToWire({ ...base, breakerState }) as WireHeartbeatRequest).breakerState).toBe(breakerState);
    }
    const unsaid = heartbeatRequestToWire(base) as WireHeartbeatRequest;
    expect(unsaid.breakerState).toBe('BREAKER_STATE_UNSPECIFIED');
    expect(heartbeatRequestFromWire(unsaid)).not.toHaveProperty('breakerState');
  });
});

// The dial invariant: the registry holds no more connections to a worker than the dials that can
// be in flight to it, and none once the member is removed (issue #16: one socket per dial to a
// wedged worker, still open after unregister).
import { describe, expect, it } from 'vitest';
import { dialsReleaseSockets } from '../../../runtime/invariants/dials-release-sockets.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

// Dials every 10 s, each at most 5 s, 7 s of slack: two can overlap, three cannot.
const BOUNDS = { dialTimeoutMs: 5_000, reconnectIntervalMs: 10_000, slackMs: 7_000 } as Bounds;
const sample = (t: number, open: number) => ({ t, type: 'dial.sockets', node: 'n1', id: 'w-1', open }) as LogEntry;
const removed = (t: number) => ({ t, type: 'member.removed', id: 'w-1' }) as LogEntry;

describe('dials-release-sockets', () => {
  it('passes the dials that can be in flight, and nothing held after a removal', () => {
    expect(dialsReleaseSockets.check([sample(1, 1), sample(2, 2), sample(3, 0), removed(4), sample(5, 0)], BOUNDS)).toBeNull();
  });

  it('flags more connections than dials in flight', () => {
    const found = dialsReleaseSockets.check([sample(1, 1), sample(2, 3)], BOUNDS);
    expect(found?.message).toBe('the registry holds 3 dial connections to n1; at most 2 dial(s) can be in flight (dialTimeout 5000 ms, reconnectInterval 10000 ms)');
    expect(found?.entry).toMatchObject({ t: 2 });
  });

  it('flags a connection still held after the member was removed, until it registers again', () => {
    expect(dialsReleaseSockets.check([sample(1, 1), removed(2), sample(3, 1)], BOUNDS)?.message).toBe('the registry holds 1 dial connection(s) to n1 after w-1 was removed');
    const back = { t: 4, type: 'member', id: 'w-1', from: 'registered', to: 'active.idle', epoch: 1 } as LogEntry;
    expect(dialsReleaseSockets.check([removed(2), back, sample(5, 1)], BOUNDS)).toBeNull();
  });
});

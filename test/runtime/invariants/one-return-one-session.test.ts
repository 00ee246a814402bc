// The return invariant: a worker resumed after a stop opens at most one new session until the
// next fault on its node (issue #16: sessions 2, 3 and 4 within 50 ms of one return).
import { describe, expect, it } from 'vitest';
import { oneReturnOneSession } from '../../../runtime/invariants/one-return-one-session.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

/** This invariant reads no bounds. */
const BOUNDS = {} as Bounds;
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;
const session = (t: number, epoch: number) => at(t, 'member', { id: 'w-1', from: 'failed', to: 'active.idle', epoch, reason: 're-registered' });
const resumed = (t: number) => at(t, 'fault.resume', { nodes: ['n1'] });
const before = [at(0, 'worker', { node: 'n1', id: 'w-1', from: 'starting', to: 'active' }), session(1, 1), at(2, 'fault.pause', { nodes: ['n1'] }), at(3, 'member', { id: 'w-1', from: 'active.idle', to: 'failed', epoch: 1 })];

describe('one-return-one-session', () => {
  it('passes a return that opens one session, and later returns that open one each', () => {
    expect(oneReturnOneSession.check([...before, resumed(10), session(11, 2), at(12, 'member', { id: 'w-1', from: 'active.idle', to: 'active.busy', epoch: 2 })], BOUNDS)).toBeNull();
    expect(oneReturnOneSession.check([...before, resumed(10), session(11, 2), at(20, 'fault.pause', { nodes: ['n1'] }), resumed(30), session(31, 3)], BOUNDS)).toBeNull();
  });

  it('flags a second session after one return, naming the member and the resume', () => {
    const found = oneReturnOneSession.check([...before, resumed(10), session(11, 2), session(12, 3), session(13, 4)], BOUNDS);
    expect(found?.message).toBe('w-1 opened 2 sessions (now 3) since its worker was resumed at 10 ms: one return must make one session');
    expect(found?.entry).toMatchObject({ t: 12, epoch: 3 });
  });

  it('does not judge sessions after another fault on the node, nor without a resume', () => {
    expect(oneReturnOneSession.check([...before, resumed(10), session(11, 2), at(12, 'fault.crash', { node: 'n1', id: 'w-1' }), session(13, 3)], BOUNDS)).toBeNull();
    expect(oneReturnOneSession.check([...before, session(11, 2), session(12, 3)], BOUNDS)).toBeNull();
  });
});

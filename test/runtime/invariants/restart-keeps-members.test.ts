// The restart invariant: nothing the registry logged is lost on a restart, and only a crash or
// a replica taking the lead may bring back a member whose registration committed but was never
// logged; the session numbering allows that member's first logged session to be a return.
import { describe, expect, it } from 'vitest';
import { restartKeepsMembers } from '../../../runtime/invariants/restart-keeps-members.invariant.ts';
import { sessionsNumbered } from '../../../runtime/invariants/sessions-numbered.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const member = (id: string, t: number): LogEntry => ({ t, type: 'member', id, from: 'registered', to: 'active.idle' }) as LogEntry;
/** This invariant reads no bounds. */
const BOUNDS = {} as Bounds;
const entries = (...rest: LogEntry[]): LogEntry[] => [member('a', 1), member('b', 2), ...rest];

describe('registry-restart-keeps-members', () => {
  it('passes a restart that loads what was logged', () => {
    expect(restartKeepsMembers.check(entries({ t: 3, type: 'registry.restarted', members: 2 } as LogEntry), BOUNDS)).toBeNull();
  });

  it('flags a member lost on a restart, crash or not', () => {
    expect(restartKeepsMembers.check(entries({ t: 3, type: 'registry.restarted', members: 1 } as LogEntry), BOUNDS)?.message).toMatch(/knew 2 members .* loaded 1/);
    expect(restartKeepsMembers.check(entries({ t: 3, type: 'registry.crashed' } as LogEntry, { t: 4, type: 'registry.restarted', members: 1 } as LogEntry), BOUNDS)).not.toBeNull();
  });

  it('lets a crash bring back a committed registration it never logged, and nothing else does', () => {
    expect(restartKeepsMembers.check(entries({ t: 3, type: 'registry.crashed' } as LogEntry, { t: 4, type: 'registry.restarted', members: 3 } as LogEntry), BOUNDS)).toBeNull();
    expect(restartKeepsMembers.check(entries({ t: 3, type: 'registry.restarted', members: 3 } as LogEntry), BOUNDS)).not.toBeNull();
  });

  it('lets a replica taking the lead load a registration its predecessor committed but never logged', () => {
    const takeover = { t: 4, type: 'registry.restarted', members: 3, replica: 'r2' } as LogEntry;
    expect(restartKeepsMembers.check(entries(takeover), BOUNDS)).toBeNull();
    expect(restartKeepsMembers.check(entries({ ...takeover, members: 1 } as LogEntry), BOUNDS)?.message).toMatch(/knew 2 members .* loaded 1/);
  });
});

describe('sessions-numbered-in-order across a restart', () => {
  const opened = (t: number, reason: string, epoch: number): LogEntry => ({ t, type: 'member', id: 'w9', from: 'registered', to: 'active.idle', epoch, reason }) as LogEntry;
  it('takes a first logged session that is a return after a crash or a takeover: its first session was cut off', () => {
    expect(sessionsNumbered.check([{ t: 1, type: 'registry.crashed' } as LogEntry, { t: 2, type: 'registry.restarted', members: 1 } as LogEntry, opened(3, 're-registered', 2)], BOUNDS)).toBeNull();
    expect(sessionsNumbered.check([{ t: 2, type: 'registry.restarted', members: 1, replica: 'r2' } as LogEntry, opened(3, 're-registered', 2)], BOUNDS)).toBeNull();
  });
  it('still flags it after a graceful restart of a single registry, and a second first registration after any restart', () => {
    expect(sessionsNumbered.check([{ t: 2, type: 'registry.restarted', members: 0 } as LogEntry, opened(3, 're-registered', 2)], BOUNDS)?.message).toBe('w9 opened its first session at 3 ms logged as re-registered');
    expect(sessionsNumbered.check([{ t: 1, type: 'registry.crashed' } as LogEntry, { t: 2, type: 'registry.restarted', members: 1 } as LogEntry, opened(3, 're-registered', 2), opened(4, 'registered', 3)], BOUNDS)?.message).toBe('w9 opened session 3 after session 2 at 4 ms logged as registered');
  });
});

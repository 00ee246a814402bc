// The restart invariant: nothing the registry logged is lost on a restart, and only a crash
// may bring back a member whose registration committed but was never logged.
import { describe, expect, it } from 'vitest';
import { restartKeepsMembers } from '../../../runtime/invariants/restart-keeps-members.invariant.ts';
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
});

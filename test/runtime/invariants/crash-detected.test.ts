// A crash must be detected in time (docs/behaviour.md §7), but a member an operator removed
// has nobody left to judge: the campaign's purges (issue #21) showed the invariant flagging it.
import { describe, expect, it } from 'vitest';
import { crashDetected } from '../../../runtime/invariants/crash-detected.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const BOUNDS = { unhealthyAfterMs: 120_000, healthCheckIntervalMs: 120_000, failedAfterMs: 180_000, restartGraceMs: 300_000, slackMs: 1000, endMs: 1_000_000 } as Bounds;
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;
const crashed = [at(0, 'member', { id: 'w1', from: 'registered', to: 'active.idle', epoch: 1 }), at(10, 'fault.crash', { node: 'n1', id: 'w1' })];

describe('crash-detected-in-time', () => {
  it('flags a crashed member never judged', () => {
    expect(crashDetected.check(crashed, BOUNDS)?.message).toBe('w1 crashed at 10 ms and was not unhealthy within 241000 ms');
  });
  it('does not judge a crashed member an operator removed', () => {
    expect(crashDetected.check([...crashed, at(20, 'member.removed', { id: 'w1' })], BOUNDS)).toBeNull();
  });
});

// Every invariant of docs/behaviour.md §7, and the check that runs them all over one log.
import type { LogEntry } from '../events/log-entry.ts';
import { assignedToActive } from './assigned-to-active.invariant.ts';
import { becomesActive } from './becomes-active.invariant.ts';
import { crashDetected } from './crash-detected.invariant.ts';
import { dialsReleaseSockets } from './dials-release-sockets.invariant.ts';
import type { Bounds, Invariant, Violation } from './invariant.ts';
import { fencedWrites } from './fenced-writes.invariant.ts';
import { keepsId } from './keeps-id.invariant.ts';
import { noFalseSuspicion } from './no-false-suspicion.invariant.ts';
import { noDoubleTransition } from './no-double-transition.invariant.ts';
import { noJobLost } from './no-job-lost.invariant.ts';
import { oneLeaderPerEpoch } from './one-leader-per-epoch.invariant.ts';
import { oneReturnOneSession } from './one-return-one-session.invariant.ts';
import { registrationKept } from './registration-kept.invariant.ts';
import { oneSessionPerId } from './one-session-per-id.invariant.ts';
import { restartKeepsMembers } from './restart-keeps-members.invariant.ts';
import { contractInvariants } from './contract-invariants.ts';

export const invariants: readonly Invariant[] = [
  becomesActive,
  crashDetected,
  assignedToActive,
  oneSessionPerId,
  noJobLost,
  keepsId,
  restartKeepsMembers,
  noFalseSuspicion,
  oneLeaderPerEpoch,
  noDoubleTransition,
  fencedWrites,
  registrationKept,
  oneReturnOneSession,
  dialsReleaseSockets,
  ...contractInvariants,
];

/** The names of the invariants a run checks: all, or those named. */
export function invariantNames(only?: readonly string[]): string[] {
  return invariants.filter((i) => !only || only.includes(i.name)).map((i) => i.name);
}

/** Runs the invariants (all, or those named) over a log; each reports its first violation. */
export function checkInvariants(entries: readonly LogEntry[], bounds: Bounds, only?: readonly string[]): Violation[] {
  const out: Violation[] = [];
  for (const invariant of invariants) {
    if (only && !only.includes(invariant.name)) continue;
    const found = invariant.check(entries, bounds);
    if (found) out.push(found);
  }
  return out;
}

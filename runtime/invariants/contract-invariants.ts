// The invariants of issue #21: one per rule of docs/behaviour.md that a log can show and that
// the first set did not guard (job ownership per session, results, restart grace, lock-outs,
// deregistration, forgotten workers, cleared jobs, jitter, capacity, failed checks in a row,
// cleanup, which members are dialled, the cluster's size, forged calls,
// retry-after, the first heartbeat's stagger, the patience before a dispatch is lost,
// a half-open breaker that settles).
import type { Invariant } from './invariant.ts';
import { breakerRecloses } from './breaker-recloses.invariant.ts';
import { checksInARow } from './checks-in-a-row.invariant.ts';
import { cleanupOnTime } from './cleanup-on-time.invariant.ts';
import { departedNotDialled } from './departed-not-dialled.invariant.ts';
import { deregistrationRules } from './deregistration-rules.invariant.ts';
import { dispatchPatience } from './dispatch-patience.invariant.ts';
import { drainReachesWorker } from './drain-reaches-worker.invariant.ts';
import { failedMembersDialled } from './failed-members-dialled.invariant.ts';
import { forgedCallsRefused } from './forged-calls-refused.invariant.ts';
import { firstBeatStaggered } from './first-beat-staggered.invariant.ts';
import { flapHold } from './flap-hold.invariant.ts';
import { forgottenWorkerReturns } from './forgotten-worker-returns.invariant.ts';
import { guardOnMassFailure } from './guard-on-mass-failure.invariant.ts';
import { jobsCleared } from './jobs-cleared.invariant.ts';
import { jobsWithinCapacity } from './jobs-within-capacity.invariant.ts';
import { jobsFollowSession } from './jobs-follow-session.invariant.ts';
import { membersWithinLimit } from './members-within-limit.invariant.ts';
import { lockoutEnds } from './lockout-ends.invariant.ts';
import { leavesAfterJobs } from './leaves-after-jobs.invariant.ts';
import { lockoutHolds } from './lockout-holds.invariant.ts';
import { queuedJobsUnowned } from './queued-jobs-unowned.invariant.ts';
import { retryAfterHonoured } from './retry-after-honoured.invariant.ts';
import { restartGrace } from './restart-grace.invariant.ts';
import { resultFromOwnSession } from './result-from-own-session.invariant.ts';
import { retriesJittered } from './retries-jittered.invariant.ts';
import { unhealthyRecovers } from './unhealthy-recovers.invariant.ts';
import { sessionsNumbered } from './sessions-numbered.invariant.ts';

export const contractInvariants: readonly Invariant[] = [
  jobsFollowSession,
  resultFromOwnSession,
  restartGrace,
  lockoutEnds,
  lockoutHolds,
  deregistrationRules,
  forgottenWorkerReturns,
  jobsCleared,
  retriesJittered,
  sessionsNumbered,
  queuedJobsUnowned,
  flapHold,
  drainReachesWorker,
  leavesAfterJobs,
  guardOnMassFailure,
  unhealthyRecovers,
  jobsWithinCapacity,
  checksInARow,
  cleanupOnTime,
  departedNotDialled,
  membersWithinLimit,
  failedMembersDialled,
  forgedCallsRefused,
  retryAfterHonoured,
  firstBeatStaggered,
  dispatchPatience,
  breakerRecloses,
];

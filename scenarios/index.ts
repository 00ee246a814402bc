// The scenario library, in the order `rollcall chaos --all` runs it.
import type { Scenario } from '../runtime/chaos/scenario.ts';
import crashAndRestart from './crash-and-restart.scenario.ts';
import databaseLatency from './database-latency.scenario.ts';
import databaseOutage from './database-outage.scenario.ts';
import flappingLink from './flapping-link.scenario.ts';
import forceDeregistration from './force-deregistration.scenario.ts';
import forgedCalls from './forged-calls.scenario.ts';
import frozenWorker from './frozen-worker-returns.scenario.ts';
import fullCluster from './full-cluster.scenario.ts';
import gracefulDrain from './graceful-drain.scenario.ts';
import halfOpen from './half-open-connection.scenario.ts';
import jobRequeue from './job-requeue-on-failure.scenario.ts';
import latencyAbove from './latency-above-threshold.scenario.ts';
import latencyBelow from './latency-below-threshold.scenario.ts';
import leaderCrash from './leader-crash.scenario.ts';
import leaderPause from './leader-pause.scenario.ts';
import lostReply from './lost-registration-reply.scenario.ts';
import massPartition from './mass-partition-guard.scenario.ts';
import networkInterruption from './network-interruption.scenario.ts';
import offlineAtPreregistration from './offline-at-preregistration.scenario.ts';
import purgeInLockout from './purge-in-lockout.scenario.ts';
import racingEviction from './racing-eviction.scenario.ts';
import rateLimited from './rate-limited-registrations.scenario.ts';
import registrationStorm from './registration-storm.scenario.ts';
import registryRestart from './registry-restart.scenario.ts';
import replicaCut from './replica-cut-from-database.scenario.ts';
import replicaFlapping from './replica-flapping-worker.scenario.ts';
import reregistrationStorm from './reregistration-storm.scenario.ts';
import restartWithJobs from './restart-with-jobs.scenario.ts';
import severalOffline from './several-offline-then-up.scenario.ts';
import slowLink from './slow-link.scenario.ts';
import wedgedWorker from './wedged-worker.scenario.ts';

export const scenarios: readonly Scenario[] = [
  offlineAtPreregistration,
  crashAndRestart,
  severalOffline,
  networkInterruption,
  flappingLink,
  latencyBelow,
  latencyAbove,
  slowLink,
  halfOpen,
  registryRestart,
  registrationStorm,
  lostReply,
  reregistrationStorm,
  massPartition,
  gracefulDrain,
  forceDeregistration,
  jobRequeue,
  rateLimited,
  wedgedWorker,
  frozenWorker,
  fullCluster,
  forgedCalls,
  restartWithJobs,
  purgeInLockout,
  // Registry replicas on a shared database (issue #9).
  leaderCrash,
  leaderPause,
  databaseOutage,
  databaseLatency,
  replicaCut,
  racingEviction,
  replicaFlapping,
];


// Every tunable of the registry; a duration is in milliseconds and its name says so (`…Ms`).
// docs/behaviour.md §1 names each by its config key (the name without `Ms`); runtime/config
// parses "30s"-style strings into these numbers.

export interface RegistryConfig {
  /** Interval a worker is told to heartbeat at; stretched as the cluster grows. */
  heartbeatIntervalMs: number;
  /** Heartbeats per second the whole cluster may offer; the interval stretches to stay under it. */
  maxHeartbeatsPerSecond: number;
  /** No heartbeat for this long: active → unhealthy. Scales with the effective interval. */
  unhealthyAfterMs: number;
  /** Unhealthy for this much longer: → failed. Scales with the effective interval. */
  failedAfterMs: number;
  /** Period of the health check sweep. */
  healthCheckIntervalMs: number;
  /** Consecutive failed health checks that make a member failed. */
  consecutiveFailuresToFail: number;
  /** Period of the cleanup sweep. */
  cleanupIntervalMs: number;
  /** Failed for this long: → inactive, its assignments cleared. */
  cleanupAfterMs: number;
  /** Inactive for this long: removed from the store. */
  removeAfterMs: number;
  /** Period of the reconnect monitor. */
  reconnectIntervalMs: number;
  /** Time limit of one dial-in attempt. */
  dialTimeoutMs: number;
  /** Cap of the per-member exponential backoff between dial-in attempts. */
  reconnectBackoffMaxMs: number;
  /** Dial-ins in flight at once. */
  reconnectConcurrency: number;
  /** After a registry restart, no member is judged before this much time has passed. */
  restartGraceMs: number;
  /** More than this fraction of members unhealthy: the registry holds failures. */
  massFailureFraction: number;
  /** The guard applies only to clusters of at least this many live members. */
  massFailureMinMembers: number;
  /** active ⇄ unhealthy more than flapLimit times within flapWindow… */
  flapLimit: number;
  flapWindowMs: number;
  /** …keeps the member out of scheduling for flapCooldown after it recovers. */
  flapCooldownMs: number;
  /** Failed registration attempts for one worker ID before it is locked out. */
  registrationAttemptsMax: number;
  /** How long such a lock-out lasts. */
  registrationLockoutMs: number;
  /** Failed registration attempts from one source address before it is locked out too. */
  registrationAttemptsPerSourceMax: number;
  /** Members the registry keeps at most; a registration of a new worker beyond it is refused. */
  maxMembers: number;
  /** Granularity of the deadline wheel that notices missed heartbeats. */
  deadlineResolutionMs: number;
  /** Heartbeat times are written behind, coalesced, this often (never one write per beat). */
  heartbeatFlushIntervalMs: number;
  /** Jobs queued at once; a submission beyond it is refused. */
  jobQueueMax: number;
  /** Largest gRPC message or REST body the APIs accept, in bytes (runtime limit). */
  maxMessageBytes: number;
  /** HeartbeatStream and Tasks streams one peer address may hold open at once (runtime limit). */
  maxStreamsPerPeer: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const defaultRegistryConfig: RegistryConfig = {
  heartbeatIntervalMs: 30 * SECOND,
  maxHeartbeatsPerSecond: 50_000,
  unhealthyAfterMs: 2 * MINUTE,
  failedAfterMs: 3 * MINUTE,
  healthCheckIntervalMs: 2 * MINUTE,
  consecutiveFailuresToFail: 3,
  cleanupIntervalMs: 15 * MINUTE,
  cleanupAfterMs: 15 * MINUTE,
  removeAfterMs: 7 * 24 * 60 * MINUTE,
  reconnectIntervalMs: 30 * SECOND,
  dialTimeoutMs: 3 * SECOND,
  reconnectBackoffMaxMs: 10 * MINUTE,
  reconnectConcurrency: 64,
  restartGraceMs: 5 * MINUTE,
  massFailureFraction: 0.55,
  massFailureMinMembers: 10,
  flapLimit: 3,
  flapWindowMs: 10 * MINUTE,
  flapCooldownMs: 5 * MINUTE,
  registrationAttemptsMax: 3,
  registrationLockoutMs: 60 * MINUTE,
  registrationAttemptsPerSourceMax: 20,
  maxMembers: 100_000,
  deadlineResolutionMs: SECOND,
  heartbeatFlushIntervalMs: SECOND,
  jobQueueMax: 100_000,
  maxMessageBytes: 1024 * 1024,
  maxStreamsPerPeer: 1000,
};

/**
 * The heartbeat interval workers are told: the configured one, stretched so that `members`
 * heartbeats stay under `maxHeartbeatsPerSecond` in all (the adaptive interval).
 */
export function heartbeatIntervalFor(config: RegistryConfig, members: number): number {
  const perRate = Math.ceil((members / config.maxHeartbeatsPerSecond) * 1000);
  return Math.max(config.heartbeatIntervalMs, perRate);
}

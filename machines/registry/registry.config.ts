// Every tunable of the registry, in milliseconds where it is a duration. docs/behaviour.md §1 names each
// key; runtime/config parses "30s"-style strings into these numbers.

export interface RegistryConfig {
  /** Interval a worker is told to heartbeat at; stretched as the cluster grows. */
  heartbeatInterval: number;
  /** Heartbeats per second the whole cluster may offer; the interval stretches to stay under it. */
  maxHeartbeatsPerSecond: number;
  /** No heartbeat for this long: active → unhealthy. Scales with the effective interval. */
  unhealthyAfter: number;
  /** Unhealthy for this much longer: → failed. Scales with the effective interval. */
  failedAfter: number;
  /** Period of the health check sweep. */
  healthCheckInterval: number;
  /** Consecutive failed health checks that make a member failed. */
  consecutiveFailuresToFail: number;
  /** Period of the cleanup sweep. */
  cleanupInterval: number;
  /** Failed for this long: → inactive, its assignments cleared. */
  cleanupAfter: number;
  /** Inactive for this long: removed from the store. */
  removeAfter: number;
  /** Period of the reconnect monitor. */
  reconnectInterval: number;
  /** Time limit of one dial-in attempt. */
  dialTimeout: number;
  /** Cap of the per-member exponential backoff between dial-in attempts. */
  reconnectBackoffMax: number;
  /** Dial-ins in flight at once. */
  reconnectConcurrency: number;
  /** After a registry restart, no member is judged before this much time has passed. */
  restartGrace: number;
  /** More than this fraction of members unhealthy: the registry holds failures. */
  massFailureFraction: number;
  /** The guard applies only to clusters of at least this many live members. */
  massFailureMinMembers: number;
  /** active ⇄ unhealthy more than flapLimit times within flapWindow… */
  flapLimit: number;
  flapWindow: number;
  /** …keeps the member out of scheduling for flapCooldown after it recovers. */
  flapCooldown: number;
  /** Failed registration attempts for one worker ID before it is locked out. */
  registrationAttemptsMax: number;
  /** How long such a lock-out lasts. */
  registrationLockout: number;
  /** Failed registration attempts from one source address before it is locked out too. */
  registrationAttemptsPerSourceMax: number;
  /** Members the registry keeps at most; a registration of a new worker beyond it is refused. */
  maxMembers: number;
  /** Granularity of the deadline wheel that notices missed heartbeats. */
  deadlineResolution: number;
  /** Heartbeat times are written behind, coalesced, this often (never one write per beat). */
  heartbeatFlushInterval: number;
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
  heartbeatInterval: 30 * SECOND,
  maxHeartbeatsPerSecond: 50_000,
  unhealthyAfter: 2 * MINUTE,
  failedAfter: 3 * MINUTE,
  healthCheckInterval: 2 * MINUTE,
  consecutiveFailuresToFail: 3,
  cleanupInterval: 15 * MINUTE,
  cleanupAfter: 15 * MINUTE,
  removeAfter: 7 * 24 * 60 * MINUTE,
  reconnectInterval: 30 * SECOND,
  dialTimeout: 3 * SECOND,
  reconnectBackoffMax: 10 * MINUTE,
  reconnectConcurrency: 64,
  restartGrace: 5 * MINUTE,
  massFailureFraction: 0.55,
  massFailureMinMembers: 10,
  flapLimit: 3,
  flapWindow: 10 * MINUTE,
  flapCooldown: 5 * MINUTE,
  registrationAttemptsMax: 3,
  registrationLockout: 60 * MINUTE,
  registrationAttemptsPerSourceMax: 20,
  maxMembers: 100_000,
  deadlineResolution: SECOND,
  heartbeatFlushInterval: SECOND,
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
  return Math.max(config.heartbeatInterval, perRate);
}

// The registry's config keys. Each sets the `RegistryConfig` field named in `field`: the key's
// own name, with `Ms` after a duration's (`heartbeatInterval` → `heartbeatIntervalMs`, in
// milliseconds); the defaults are `defaultRegistryConfig`.
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import { COUNT_MAX, DURATION_MAX, SECOND, type ConfigSchema } from './config-schema.ts';

const interval = { kind: 'duration', min: 1, max: DURATION_MAX } as const;
const age = { kind: 'duration', min: 0, max: DURATION_MAX } as const;
const count = (min: number) => ({ kind: 'integer', min, max: COUNT_MAX }) as const;

export const registryKeys: ConfigSchema<RegistryConfig> = {
  heartbeatInterval: { ...interval, field: 'heartbeatIntervalMs', meaning: 'heartbeat period told to workers; stretched as the cluster grows' },
  maxHeartbeatsPerSecond: { ...count(1), field: 'maxHeartbeatsPerSecond', meaning: 'heartbeats per second the whole cluster may send; the interval stretches to stay under it' },
  unhealthyAfter: { ...interval, field: 'unhealthyAfterMs', meaning: 'no heartbeat for this long: active → unhealthy (scales with the effective interval)' },
  failedAfter: { ...age, field: 'failedAfterMs', meaning: 'unhealthy for this much longer: → failed (scales with the effective interval)' },
  healthCheckInterval: { ...interval, field: 'healthCheckIntervalMs', meaning: 'period of the health check' },
  consecutiveFailuresToFail: { ...count(1), field: 'consecutiveFailuresToFail', meaning: 'failed health checks in a row that make a member failed' },
  cleanupInterval: { ...interval, field: 'cleanupIntervalMs', meaning: 'period of the cleanup sweep' },
  cleanupAfter: { ...age, field: 'cleanupAfterMs', meaning: 'failed for this long: → inactive, its jobs requeued' },
  removeAfter: { ...age, field: 'removeAfterMs', meaning: 'inactive for this long: removed from the store' },
  reconnectInterval: { ...interval, field: 'reconnectIntervalMs', meaning: 'period of the reconnect monitor' },
  dialTimeout: { ...interval, field: 'dialTimeoutMs', meaning: 'time limit of one dial-in to a worker agent' },
  reconnectBackoffMax: { ...interval, field: 'reconnectBackoffMaxMs', meaning: 'cap of the per-member backoff between dial-ins' },
  reconnectConcurrency: { ...count(1), field: 'reconnectConcurrency', meaning: 'dial-ins in flight at once' },
  restartGrace: { ...age, field: 'restartGraceMs', meaning: 'after a registry restart, nobody is judged before this has passed' },
  massFailureFraction: { kind: 'fraction', min: 0.01, max: 1, field: 'massFailureFraction', meaning: 'more than this fraction of live members unhealthy: hold transitions to failed' },
  massFailureMinMembers: { ...count(0), field: 'massFailureMinMembers', meaning: 'the mass-failure guard applies from this many live members' },
  flapLimit: { ...count(1), field: 'flapLimit', meaning: 'active ⇄ unhealthy more often than this within flapWindow is flapping' },
  flapWindow: { ...age, field: 'flapWindowMs', meaning: 'window in which flaps are counted' },
  flapCooldown: { ...age, field: 'flapCooldownMs', meaning: 'a flapping member is kept out of scheduling this long after it recovers' },
  registrationAttemptsMax: { ...count(1), field: 'registrationAttemptsMax', meaning: 'failed registrations of one worker ID before it is locked out' },
  registrationAttemptsPerSourceMax: { ...count(1), field: 'registrationAttemptsPerSourceMax', meaning: 'failed registrations from one source address before it is locked out too' },
  registrationLockout: { ...age, field: 'registrationLockoutMs', meaning: 'how long such a lock-out lasts' },
  maxMembers: { ...count(1), field: 'maxMembers', meaning: 'members kept at most; registering a new worker beyond it is refused (resource_exhausted)' },
  deadlineResolution: { kind: 'duration', min: 1, max: 60 * SECOND, field: 'deadlineResolutionMs', meaning: 'granularity of the deadline wheel that notices missed heartbeats' },
  heartbeatFlushInterval: { kind: 'duration', min: 1, max: 60 * SECOND, field: 'heartbeatFlushIntervalMs', meaning: 'how often heartbeat times are written behind, coalesced' },
  jobQueueMax: { ...count(1), field: 'jobQueueMax', meaning: 'jobs queued at once; a submission beyond it is refused' },
  maxMessageBytes: { kind: 'integer', min: 4096, max: 64 * 1024 * 1024, field: 'maxMessageBytes', meaning: 'largest gRPC message (RESOURCE_EXHAUSTED beyond) or REST body (413 beyond) accepted, in bytes' },
  maxStreamsPerPeer: { ...count(1), field: 'maxStreamsPerPeer', meaning: 'HeartbeatStream and Tasks streams one peer address may hold open at once; more are refused (RESOURCE_EXHAUSTED)' },
};

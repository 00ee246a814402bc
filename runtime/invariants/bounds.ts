// The time bounds the invariants judge a run by, derived from its configuration.
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../machines/worker.machine.ts';
import type { Bounds } from './invariant.ts';

export function boundsFor(registry: RegistryConfig, worker: WorkerConfig, rpcTimeoutMs: number, endMs: number): Bounds {
  // Registration may need every backoff step, each after a timed-out attempt, and a breaker pause.
  const retries = worker.maxAttempts * (rpcTimeoutMs + worker.maxDelayMs);
  return {
    activeWithinMs: Math.min(retries, rpcTimeoutMs * 6 + worker.maxDelayMs * 2),
    unhealthyAfterMs: registry.unhealthyAfter,
    failedAfterMs: registry.failedAfter,
    healthCheckIntervalMs: registry.healthCheckInterval,
    restartGraceMs: registry.restartGrace,
    dialTimeoutMs: registry.dialTimeout,
    reconnectIntervalMs: registry.reconnectInterval,
    reconnectBackoffMaxMs: registry.reconnectBackoffMax,
    heartbeatIntervalMs: registry.heartbeatInterval,
    lockout: { perId: registry.registrationAttemptsMax, perSource: registry.registrationAttemptsPerSourceMax, ms: registry.registrationLockout },
    massFailureFraction: registry.massFailureFraction,
    drainTimeoutMs: worker.drainTimeoutMs,
    flap: { limit: registry.flapLimit, windowMs: registry.flapWindow, cooldownMs: registry.flapCooldown },
    consecutiveFailuresToFail: registry.consecutiveFailuresToFail,
    cleanup: { afterMs: registry.cleanupAfter, intervalMs: registry.cleanupInterval },
    maxMembers: registry.maxMembers,
    slackMs: 2 * registry.deadlineResolution + rpcTimeoutMs,
    endMs,
  };
}

// The time bounds the invariants judge a run by, derived from its configuration.
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../machines/worker.machine.ts';
import type { Bounds } from './invariant.ts';

export function boundsFor(registry: RegistryConfig, worker: WorkerConfig, rpcTimeoutMs: number, endMs: number): Bounds {
  // Registration may need every backoff step, each after a timed-out attempt, and a breaker pause.
  const retries = worker.maxAttempts * (rpcTimeoutMs + worker.maxDelayMs);
  return {
    activeWithinMs: Math.min(retries, rpcTimeoutMs * 6 + worker.maxDelayMs * 2),
    unhealthyAfterMs: registry.unhealthyAfterMs,
    failedAfterMs: registry.failedAfterMs,
    healthCheckIntervalMs: registry.healthCheckIntervalMs,
    restartGraceMs: registry.restartGraceMs,
    dialTimeoutMs: registry.dialTimeoutMs,
    reconnectIntervalMs: registry.reconnectIntervalMs,
    reconnectBackoffMaxMs: registry.reconnectBackoffMaxMs,
    heartbeatIntervalMs: registry.heartbeatIntervalMs,
    lockout: { perId: registry.registrationAttemptsMax, perSource: registry.registrationAttemptsPerSourceMax, ms: registry.registrationLockoutMs },
    massFailureFraction: registry.massFailureFraction,
    drainTimeoutMs: worker.drainTimeoutMs,
    flap: { limit: registry.flapLimit, windowMs: registry.flapWindowMs, cooldownMs: registry.flapCooldownMs },
    breakerSuccessThreshold: worker.breakerSuccessThreshold,
    consecutiveFailuresToFail: registry.consecutiveFailuresToFail,
    cleanup: { afterMs: registry.cleanupAfterMs, intervalMs: registry.cleanupIntervalMs },
    maxMembers: registry.maxMembers,
    slackMs: 2 * registry.deadlineResolutionMs + rpcTimeoutMs,
    endMs,
  };
}

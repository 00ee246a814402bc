// The worker's config keys in the form of docs/behaviour.md, mapped onto `WorkerConfig`'s fields (durations there
// in milliseconds, named `…Ms`), plus the runtime's own `rpcTimeout`:
//
//   heartbeatInterval → heartbeatIntervalMs     drainTimeout → drainTimeoutMs
//   initialDelay      → initialDelayMs          breakerOpen  → breakerOpenMs
//   maxDelay          → maxDelayMs              rpcTimeout   → rpcTimeoutMs (runtime only)
//   every other key   → the field of the same name
import { defaultWorkerConfig, type WorkerConfig } from '../../machines/worker.config.ts';
import { COUNT_MAX, DURATION_MAX, SECOND, type ConfigSchema } from './config-schema.ts';

/** What the worker runtime needs: the machine's config and its own RPC deadline. */
export interface WorkerRuntimeConfig extends WorkerConfig {
  /** Deadline of one call to the registry (5 000). */
  rpcTimeoutMs: number;
}

export const defaultWorkerRuntimeConfig: Readonly<WorkerRuntimeConfig> = Object.freeze({
  ...defaultWorkerConfig,
  rpcTimeoutMs: 5 * SECOND,
});

const interval = { kind: 'duration', min: 1, max: DURATION_MAX } as const;
const count = { kind: 'integer', min: 1, max: COUNT_MAX } as const;

export const workerKeys: ConfigSchema<WorkerRuntimeConfig> = {
  heartbeatInterval: { ...interval, field: 'heartbeatIntervalMs', meaning: 'heartbeat period until the registry names another' },
  maxAttempts: { ...count, field: 'maxAttempts', meaning: 'failures with growing backoff; after that every retry waits maxDelay' },
  initialDelay: { ...interval, field: 'initialDelayMs', meaning: 'backoff cap after the first failure' },
  maxDelay: { ...interval, field: 'maxDelayMs', meaning: 'largest backoff cap' },
  factor: { kind: 'number', min: 1, max: 100, field: 'factor', meaning: 'growth of the backoff cap per failure' },
  jitter: { kind: 'boolean', field: 'jitter', meaning: 'equal jitter: wait uniformly in [cap/2, cap) rather than the cap' },
  exitOnRegistrationFailure: { kind: 'boolean', field: 'exitOnRegistrationFailure', meaning: 'stop after maxAttempts failed registrations instead of retrying at maxDelay' },
  drainTimeout: { kind: 'duration', min: 0, max: DURATION_MAX, field: 'drainTimeoutMs', meaning: 'longest wait for running jobs before deregistering anyway' },
  deregisterAttempts: { ...count, field: 'deregisterAttempts', meaning: 'deregistration attempts before stopping without an acknowledgement' },
  breakerFailureThreshold: { ...count, field: 'breakerFailureThreshold', meaning: 'retriable failures in a row that open the circuit breaker' },
  breakerOpen: { ...interval, field: 'breakerOpenMs', meaning: 'time the breaker stays open before it half-opens' },
  breakerSuccessThreshold: { ...count, field: 'breakerSuccessThreshold', meaning: 'successes in a row in half-open that close the breaker' },
  rpcTimeout: { ...interval, field: 'rpcTimeoutMs', meaning: 'deadline of one call to the registry (worker runtime)' },
};

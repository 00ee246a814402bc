// The worker agent's tunables (docs/behaviour.md §2). Every duration is in milliseconds.

export interface WorkerConfig {
  /** Heartbeat period until the registry says otherwise in a register reply or an ack (30 000). */
  heartbeatIntervalMs: number;
  /** Consecutive failures with exponential backoff; after that the cap is `maxDelayMs` (5). */
  maxAttempts: number;
  /** Backoff cap after the first failure (100). */
  initialDelayMs: number;
  /** Largest backoff cap (30 000). */
  maxDelayMs: number;
  /** Growth of the backoff cap per failure (2). */
  factor: number;
  /** Equal jitter, uniform in [cap/2, cap) (true); the exact cap when false. */
  jitter: boolean;
  /** Stop after `maxAttempts` failed registrations instead of retrying at `maxDelayMs` (false). */
  exitOnRegistrationFailure: boolean;
  /** Longest wait for running jobs before deregistering anyway (30 000). */
  drainTimeoutMs: number;
  /** Deregistration attempts before stopping without an acknowledgement (3). */
  deregisterAttempts: number;
  /** Consecutive retriable failures that open the breaker (5). */
  breakerFailureThreshold: number;
  /** Time the breaker stays open before it half-opens (30 000). */
  breakerOpenMs: number;
  /** Consecutive successes in half-open that close the breaker (3). */
  breakerSuccessThreshold: number;
}

export const defaultWorkerConfig: Readonly<WorkerConfig> = Object.freeze({
  heartbeatIntervalMs: 30_000,
  maxAttempts: 5,
  initialDelayMs: 100,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: true,
  exitOnRegistrationFailure: false,
  drainTimeoutMs: 30_000,
  deregisterAttempts: 3,
  breakerFailureThreshold: 5,
  breakerOpenMs: 30_000,
  breakerSuccessThreshold: 3,
});

export function resolveWorkerConfig(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return { ...defaultWorkerConfig, ...overrides };
}

// Pure exponential backoff with jitter. Randomness comes in and goes out as PRNG state, so
// the caller (a machine's context) stays deterministic.
//
// Jitter is *equal jitter*: the delay is uniform in [cap/2, cap). Full jitter ([0, cap))
// spreads a herd slightly better, but it can retry almost at once even after many failures,
// and "after maxAttempts keep retrying at maxDelay" would mean nothing. Equal jitter keeps at
// least half the cap between attempts while still spreading retries over a half-cap window.
import { nextRandom, type RandomState } from './random.ts';

export interface BackoffPolicy {
  /** Cap of the retry after the first failure (ms). */
  initialDelayMs: number;
  /** Largest cap (ms); also the steady cap once `maxAttempts` is reached. */
  maxDelayMs: number;
  /** Growth of the cap per consecutive failure (≥ 1). */
  factor: number;
  /** Equal jitter when true; the exact cap when false. */
  jitter: boolean;
  /** From this many consecutive failures on, the cap is `maxDelayMs`. */
  maxAttempts: number;
}

/**
 * The cap of the delay before the next attempt, after `failures` (≥ 1) consecutive failures:
 * `min(maxDelayMs, initialDelayMs · factor^(failures − 1))`, or `maxDelayMs` once
 * `failures ≥ maxAttempts`.
 */
export function backoffCapMs(policy: BackoffPolicy, failures: number): number {
  if (failures >= policy.maxAttempts) return policy.maxDelayMs;
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, failures - 1);
  return exponential < policy.maxDelayMs ? exponential : policy.maxDelayMs;
}

/**
 * The delay before the next attempt after `failures` consecutive failures, never below
 * `floorMs` (a server's retry-after). Consumes one PRNG draw when jitter is on.
 */
export function backoffDelayMs(
  policy: BackoffPolicy,
  failures: number,
  rngState: RandomState,
  floorMs = 0,
): [delayMs: number, next: RandomState] {
  const capMs = backoffCapMs(policy, failures);
  let delayMs = capMs;
  let next = rngState;
  if (policy.jitter) {
    const [value, state] = nextRandom(rngState);
    delayMs = Math.floor(capMs / 2 + (value * capMs) / 2);
    next = state;
  }
  return [Math.max(delayMs, floorMs), next];
}

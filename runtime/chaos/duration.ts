// Scenario durations are written as "2m" or given in milliseconds.
import { parseDuration } from '../config/units.ts';

export function ms(duration: string | number): number {
  return typeof duration === 'number' ? duration : parseDuration(duration);
}

/** Thrown by `until` when its condition did not come true in time. */
export class UntilTimeout extends Error {
  override name = 'UntilTimeout';
}

/** Thrown by a scenario operation that cannot be done (an unknown worker, a bad call). */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

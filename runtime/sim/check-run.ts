// Checks a finished simulation against the invariants of docs/behaviour.md §7.
import { boundsFor } from '../invariants/bounds.ts';
import { checkInvariants } from '../invariants/invariants.ts';
import type { Violation } from '../invariants/invariant.ts';
import type { SimResult } from './simulation.ts';

export function checkRun(result: SimResult): Violation[] {
  const { options } = result;
  return checkInvariants(
    result.log.entries,
    boundsFor(result.world.registryConfig, result.world.workerConfig, result.world.rpcTimeoutMs, options.durationMs),
  );
}

export function formatViolations(violations: readonly Violation[], checked: boolean): string {
  if (!checked) return '';
  if (violations.length === 0) return '  invariants   all held\n';
  const lines = violations.map((v) => `  ✗ ${v.invariant}: ${v.message}\n      first violating event: ${JSON.stringify(v.entry)}`);
  return `  invariants   ${violations.length} broken\n${lines.join('\n')}\n`;
}

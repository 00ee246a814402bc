// A simulation's options written back as the `rollcall sim` command that replays it, so a
// failing property-test case can be rerun by hand.
import { formatExactDuration as formatDuration } from '../config/units.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { SimOptions } from './simulation.ts';

const percent = (fraction: number) => `${Math.round(fraction * 10_000) / 100}%`;

export function faultSpec(plan: FaultPlan): string {
  const parts: string[] = [];
  if (plan.crash) parts.push(`crash=${percent(plan.crash.fraction)}${plan.crash.downMs !== null ? `+${formatDuration(plan.crash.downMs)}` : ''}`);
  for (const p of plan.partitions) parts.push(`partition=${percent(p.fraction)}@${formatDuration(p.atMs)}+${formatDuration(p.forMs)}`);
  if (plan.latency.meanMs !== 1 || plan.latency.jitterMs !== 0) {
    parts.push(`latency=${formatDuration(plan.latency.meanMs)}+-${formatDuration(plan.latency.jitterMs)}`);
  }
  if (plan.loss > 0) parts.push(`loss=${percent(plan.loss)}`);
  if (plan.duplicate > 0) parts.push(`dup=${percent(plan.duplicate)}`);
  if (plan.registryCrash) parts.push(`registry-crash=${formatDuration(plan.registryCrash.atMs)}+${formatDuration(plan.registryCrash.downMs)}`);
  if (plan.serviceTimeMs > 0) parts.push(`service-time=${formatDuration(plan.serviceTimeMs)}`);
  return parts.join(',');
}

export function simCommandLine(options: SimOptions): string {
  const faults = faultSpec(options.faults);
  return [
    'npx rollcall sim',
    `--workers ${options.workers}`,
    `--duration ${formatDuration(options.durationMs)}`,
    `--seed ${options.seed}`,
    `--jobs ${options.jobsPerMinute ?? 0}`,
    `--capacity ${options.capacity ?? 4}`,
    ...(faults ? [`--faults '${faults}'`] : []),
    '--check',
  ].join(' ');
}

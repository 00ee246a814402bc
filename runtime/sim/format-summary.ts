// The human-readable form of a simulation summary.
import { formatDuration } from '../config/units.ts';
import type { SimSummary, Spread } from './summary.ts';

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function latency(s: Spread | null): string {
  if (!s) return 'none observed';
  return `p50 ${formatDuration(s.p50Ms)}, p99 ${formatDuration(s.p99Ms)}, max ${formatDuration(s.maxMs)} (n=${s.count})`;
}

export function formatSummary(s: SimSummary): string {
  const lines = [
    `rollcall sim — ${s.workers} workers, ${formatDuration(s.durationMs)} virtual, seed ${s.seed}`,
    `  members      ${s.members.total} total: ${counts(s.members.byState)}`,
    `  active       ${counts(s.members.bySubstate)}`,
    `  workers      ${counts(s.workerStates)}`,
    `  transitions  ${s.transitions} member state changes`,
    `  crashes      ${s.detection.crashes}`,
    `    → unhealthy ${latency(s.detection.toUnhealthy)}`,
    `    → failed    ${latency(s.detection.toFailed)}`,
    `  jobs         ${s.jobs.total} total: ${counts(s.jobs.byState)}; lost ${s.jobs.lost}`,
    `  heartbeats   ${s.heartbeats} acknowledged`,
    `  network      ${s.network.sent} sent, ${s.network.lost} lost, ${s.network.cut} cut by partitions, ${s.network.duplicated} duplicated`,
    `  registry     ${s.registry.up ? 'up' : 'down'}${s.registry.massFailureHeld ? ', mass-failure guard holding' : ''}`,
    `  event log    ${s.log.lines} lines, sha256 ${s.log.sha256.slice(0, 16)}…`,
  ];
  return lines.join('\n') + '\n';
}

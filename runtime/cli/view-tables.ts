// The read views of `rollcall admin` and `rollcall status` as a person reads them: jobs as a
// table, one worker or job as `key: value` lines, the registry as a summary.
import type { JobJson, WorkerJson } from '../http/rest-shapes.ts';
import type { OutputFormat } from './output.ts';
import { formatAge, formatPairs, formatTable, formatWorkerTable } from './worker-table.ts';

export function formatJobTable(jobs: readonly JobJson[], nowMs: number, format: OutputFormat): string {
  if (jobs.length === 0) return 'no jobs\n';
  const wide = format === 'wide';
  const header = ['ID', 'KIND', 'STATE', 'WORKER', 'ATTEMPT', 'SUBMITTED', ...(wide ? ['EPOCH', 'FINISHED', 'RESULT'] : [])];
  const rows = jobs.map((j) => [
    j.id,
    j.kind,
    j.state,
    j.workerId ?? '-',
    String(j.attempt),
    formatAge(j.submittedAt, nowMs),
    ...(wide ? [String(j.epoch), j.finishedAt ? formatAge(j.finishedAt, nowMs) : '-', j.result || '-'] : []),
  ]);
  return formatTable(header, rows);
}

/** `key: value` lines, keys aligned. */
function detail(lines: readonly (readonly [string, string])[]): string {
  const width = Math.max(...lines.map(([key]) => key.length)) + 1;
  return lines.map(([key, value]) => `${`${key}:`.padEnd(width)} ${value}`).join('\n') + '\n';
}

export function formatWorkerDetail(w: WorkerJson, nowMs: number): string {
  return detail([
    ['ID', w.id],
    ['Name', w.name],
    ['Address', w.address],
    ['State', w.substate ? `${w.state}.${w.substate}` : w.state],
    ['Epoch', String(w.epoch)],
    ['Registered', `${w.registeredAt} (${formatAge(w.registeredAt, nowMs)})`],
    ['Last heartbeat', w.lastHeartbeatAt ? `${w.lastHeartbeatAt} (${formatAge(w.lastHeartbeatAt, nowMs)})` : 'never'],
    ['Jobs', `${w.currentJobs}/${w.maxConcurrentJobs} (load ${w.loadFactor})`],
    ['Capabilities', formatPairs(w.capabilities)],
    ['Labels', formatPairs(w.labels)],
  ]);
}

export function formatJobDetail(j: JobJson, nowMs: number): string {
  return detail([
    ['ID', j.id],
    ['Kind', j.kind],
    ['State', j.state],
    ['Worker', j.workerId ? `${j.workerId} (epoch ${j.epoch})` : '-'],
    ['Attempt', String(j.attempt)],
    ['Submitted', `${j.submittedAt} (${formatAge(j.submittedAt, nowMs)})`],
    ['Finished', j.finishedAt ?? '-'],
    ['Requires', formatPairs(j.requires)],
    ['Payload', j.payload || '-'],
    ['Result', j.result || '-'],
  ]);
}

export interface StatusReply {
  url: string;
  health: { version: string; registryUp: boolean; leader?: unknown };
  stats: { total: number; byState: Record<string, number>; capacity: { total: number; used: number }; heartbeatsPerSecond: number; massFailureHeld: boolean };
  jobs: readonly JobJson[];
  workers: readonly WorkerJson[];
}

const counted = (counts: Record<string, number>) => Object.entries(counts).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ') || 'none';

/** `rollcall status`: the registry in a few lines, then its workers' table. */
export function formatStatus(s: StatusReply, nowMs: number, format: OutputFormat): string {
  const jobCounts: Record<string, number> = {};
  for (const job of s.jobs) jobCounts[job.state] = (jobCounts[job.state] ?? 0) + 1;
  const leader = s.health.leader === undefined ? '' : `, leader ${JSON.stringify(s.health.leader)}`;
  const head = detail([
    ['Registry', `${s.url} (rollcall ${s.health.version}, ${s.health.registryUp ? 'up' : 'down'}${leader})`],
    ['Workers', `${s.stats.total}: ${counted(s.stats.byState)}${s.stats.massFailureHeld ? ' (mass-failure guard holds)' : ''}`],
    ['Capacity', `${s.stats.capacity.used}/${s.stats.capacity.total} job slots in use`],
    ['Jobs', `${s.jobs.length}: ${counted(jobCounts)}`],
    ['Heartbeats', `${s.stats.heartbeatsPerSecond}/s`],
  ]);
  return `${head}\n${formatWorkerTable(s.workers, nowMs, format)}`;
}

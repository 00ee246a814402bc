// `rollcall admin list` as a table a person reads: one worker per line, columns aligned
// (`-o wide` adds address, registration age, load and labels).
import type { WorkerJson } from '../http/rest-shapes.ts';
import type { OutputFormat } from './output.ts';

/** "never", "12s ago", "3m05s ago", "2h10m ago", "4d ago". */
export function formatAge(fromIso: string | null, nowMs: number): string {
  if (fromIso === null) return 'never';
  const s = Math.max(0, Math.round((nowMs - Date.parse(fromIso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** `k=v,k=v`, or `-` for none. */
export function formatPairs(map: Record<string, string>): string {
  return Object.entries(map).map(([k, v]) => `${k}=${v}`).join(',') || '-';
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function formatWorkerTable(workers: readonly WorkerJson[], nowMs: number, format: OutputFormat = 'table'): string {
  if (workers.length === 0) return 'no workers\n';
  const wide = format === 'wide';
  const rows = workers.map((w) => [
    w.id,
    w.name,
    w.state,
    w.substate ?? '-',
    String(w.epoch),
    formatAge(w.lastHeartbeatAt, nowMs),
    `${w.currentJobs}/${w.maxConcurrentJobs}`,
    ...(wide ? [w.address, formatAge(w.registeredAt, nowMs), String(w.loadFactor), formatPairs(w.labels)] : []),
  ]);
  const header = ['ID', 'NAME', 'STATE', 'SUBSTATE', 'EPOCH', 'LAST HEARTBEAT', 'JOBS', ...(wide ? ['ADDRESS', 'REGISTERED', 'LOAD', 'LABELS'] : [])];
  return formatTable(header, rows);
}

// What a registry event or a worker note says, as a line a person reads: the `msg` of its log
// line (`w-2 active.idle → unhealthy: no heartbeat for 2m`). The fields stay beside it for JSON.
import { formatDuration } from '../config/units.ts';

type Fields = Readonly<Record<string, unknown>>;

/** "no heartbeat for 120000 ms" → "no heartbeat for 2m": the machines count in milliseconds. */
export function readableDurations(text: string): string {
  return text.replace(/(\d+) ms\b/g, (_, ms: string) => formatDuration(Number(ms)));
}

const said = (value: unknown) => (value === undefined || value === null ? '-' : String(value));

const registryLines: Record<string, (f: Fields) => string> = {
  member: (f) => `${said(f.id)} ${said(f.from)} → ${said(f.to)}${f.reason ? `: ${readableDurations(String(f.reason))}` : ''}`,
  'member.removed': (f) => `${said(f.id)} removed`,
  'member.deregistering': (f) => `${said(f.id)} deregistering${f.force ? ' (forced)' : ''}, ${said(f.jobs)} job(s) running`,
  job: (f) => `job ${said(f.id)} ${said(f.state)}${f.member ? ` on ${said(f.member)}` : ''}${Number(f.attempt) > 1 ? ` (attempt ${said(f.attempt)})` : ''}`,
  'check.failed': (f) => `${said(f.id)} failed a health check (epoch ${said(f.epoch)}): ${said(f.problem)}`,
  'reconnect.dial': (f) => `dialling ${said(f.id)} (reconnect monitor)`,
  'registration.refused': (f) => `registration of ${said(f.id)} from ${said(f.source)} refused: ${said(f.code)}`,
  guard: (f) => (f.held ? `mass-failure guard holds: ${Math.round(Number(f.unhealthyFraction) * 100)}% of live members unhealthy` : 'mass-failure guard released'),
  'registry.started': (f) => `registry started: ${said(f.members)} member(s), ${said(f.jobs)} job(s)`,
  'registry.restarted': (f) => `registry restarted from its store: ${said(f.members)} member(s), ${said(f.jobs)} job(s)`,
};

const workerLines: Record<string, (f: Fields) => string> = {
  'worker.state': (f) => `${f.workerId ? String(f.workerId) : 'worker'} ${said(f.from)} → ${said(f.to)} (epoch ${said(f.epoch)})`,
  'worker.attached': (f) => `attached to the registry at ${said(f.endpoint)}`,
  'registry.unreachable': (f) => `registry at ${said(f.endpoint)} unreachable: ${said(f.why)}; next ${said(f.next)}`,
  'registration.waiting': (f) => `registration waits until ${said(f.until)}: ${said(f.why)}`,
  'task.finished': (f) => `job ${said(f.jobId)} ${f.ok ? 'succeeded' : 'failed'}`,
  'task.report.dropped': (f) => `report of job ${said(f.jobId)} dropped: ${said(f.code)}: ${said(f.message)}`,
  'breaker.changed': (f) => `circuit breaker ${said(f.state)}`,
  'worker.fatal': (f) => `stopped for good: ${said(f.code)}: ${said(f.message)}`,
  'worker.stop.forced': (f) => `stop forced after ${formatDuration(Number(f.afterMs))}`,
  'worker.listening': (f) => `listening: agent on port ${said(f.agentPort)}, health and metrics on port ${said(f.httpPort)}`,
};

/** The readable line of an event of the registry's event sink; its type when it has none. */
export function registryEventLine(type: string, fields: Fields): string {
  return registryLines[type]?.(fields) ?? type;
}

/** The readable line of a worker's note (worker-process.ts); its event name when it has none. */
export function workerNoteLine(event: string, fields: Fields): string {
  return workerLines[event]?.(fields) ?? event.replace(/^worker\./, '').replaceAll('.', ' ');
}

// Production's sink for the registry's events (the EventSink port, event-sink.ts): a log line
// per state change (never per heartbeat), the events file when asked for (the chaos harness
// reads it), the dashboard's records (member history, recent events), the embedding handle's
// listeners, the audit trail.
import type { Logger } from 'pino';
import { auditEntryOf } from '../audit/audit-events.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DashboardRecords } from '../dashboard/dashboard-records.ts';
import type { EventLog } from '../events/event-log.ts';
import type { RegistryMetrics } from '../http/metrics.ts';
import { registryEventLine } from '../log/event-lines.ts';
import type { EventSink } from './event-sink.ts';
import type { RegistryChanges } from './registry-handle.ts';

/**
 * Log lines for state changes (never for heartbeats; a reconnect dial at debug level only, as
 * docs/behaviour.md §1 Reconnect monitor says), the dashboard's records, the chaos event log if
 * asked for, the audit log.
 */
export function registryEvents(logger: Logger, log: EventLog | null, dashboard: DashboardRecords, changes: RegistryChanges, audit: () => AuditLog | null): EventSink {
  return {
    write(t, type, fields = {}) {
      log?.write(t, type, fields);
      log?.flush();
      dashboard.observe(t, type, fields);
      changes.observe(t, type, fields);
      logger[type === 'reconnect.dial' ? 'debug' : 'info']({ event: type, ...fields }, registryEventLine(type, fields));
      const trail = audit();
      const entry = trail && auditEntryOf(type, fields);
      if (entry) trail.write(entry.event, entry.fields);
    },
  };
}

/** `sink`, and the registry's metrics once they exist (they count detections and finished jobs from the events). */
export function metricsToo(sink: EventSink, metrics: () => RegistryMetrics | undefined): EventSink {
  return {
    write(t, type, fields) {
      sink.write(t, type, fields);
      metrics()?.event(type, fields);
    },
  };
}

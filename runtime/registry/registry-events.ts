// Production's sink for the registry's events (the EventSink port, event-sink.ts): a log line
// per state change (never per heartbeat), the events file when asked for (the chaos harness
// reads it), the dashboard's member history, the embedding handle's listeners, the audit trail.
import type { Logger } from 'pino';
import { auditEntryOf } from '../audit/audit-events.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MemberHistory } from '../dashboard/member-history.ts';
import type { EventLog } from '../events/event-log.ts';
import { registryEventLine } from '../log/event-lines.ts';
import type { EventSink } from './event-sink.ts';
import type { RegistryChanges } from './registry-handle.ts';

/**
 * Log lines for state changes (never for heartbeats; a reconnect dial at debug level only, as
 * docs/behaviour.md §1 Reconnect monitor says), the dashboard's history, the chaos event log if
 * asked for, the audit log.
 */
export function registryEvents(logger: Logger, log: EventLog | null, history: MemberHistory, changes: RegistryChanges, audit: () => AuditLog | null): EventSink {
  return {
    write(t, type, fields = {}) {
      log?.write(t, type, fields);
      log?.flush();
      history.observe(t, type, fields);
      changes.observe(t, type, fields);
      logger[type === 'reconnect.dial' ? 'debug' : 'info']({ event: type, ...fields }, registryEventLine(type, fields));
      const trail = audit();
      const entry = trail && auditEntryOf(type, fields);
      if (entry) trail.write(entry.event, entry.fields);
    },
  };
}

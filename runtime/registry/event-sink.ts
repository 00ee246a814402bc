// The registry's event port: where its state changes are reported (a member's transition, a
// job's step, the guard, a refused registration, a start or a crash). The host writes to it
// and knows no more; production plugs in registry-events.ts (the logger, the events file, the
// member history, the embedding handle's listeners, the audit trail), the simulator its
// EventLog (runtime/events/event-log.ts), which hashes and keeps what it is given.
import type { LogFields } from '../events/log-entry.ts';

export interface EventSink {
  write(t: number, type: string, fields?: LogFields): void;
}

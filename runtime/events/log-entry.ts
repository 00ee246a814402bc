// One event of a log, as the registry writes it and the invariants, reports and chaos checks
// read it: its time, its type, and flat fields. Neither the simulator's nor production's: both
// write these (runtime/events/event-log.ts, runtime/registry/registry-events.ts).

export type LogFields = Record<string, string | number | boolean | null | readonly string[]>;

export interface LogEntry extends LogFields {
  t: number;
  type: string;
}

// The registry's latest events, for the dashboard's events view and GET /api/events: the event
// sink's stream (member transitions and removals, jobs, refused registrations, the mass-failure
// guard, starts and restarts) and the audit log's refused credentials, in a ring of the last
// `keep`, each with its readable line and, for those the audit log keeps, the audit entry's
// name. The audit file itself stays the record of account (docs/security.md, "Audit log");
// this ring is what a person glances at. docs/dashboard.md.
import { auditEntryOf } from '../audit/audit-events.ts';
import type { AuditLine } from '../audit/audit-log.ts';
import type { LogFields } from '../events/log-entry.ts';
import { registryEventLine } from '../log/event-lines.ts';

export interface RecentEvent {
  /** Numbers the events since the registry process started: a reader asks for those after the last it saw. */
  seq: number;
  /** When, in ms since the epoch. */
  at: number;
  type: string;
  /** The member or job it concerns, when it concerns one. */
  id: string | null;
  /** The line a person reads (the same as the log's `msg`). */
  text: string;
  /** The audit log's name for it (`registered`, `drained`, `auth.refused`, …), or null when it is not audited. */
  audit: string | null;
}

export class RecentEvents {
  readonly #keep: number;
  #ring: RecentEvent[] = [];
  #seq = 0;

  constructor(keep = 1_000) {
    this.#keep = keep;
  }

  /** Follows the registry's event stream (the EventSink's `write`). */
  observe(at: number, type: string, fields: LogFields): void {
    const id = typeof fields.id === 'string' ? fields.id : null;
    this.#push({ seq: ++this.#seq, at, type, id, text: registryEventLine(type, fields), audit: auditEntryOf(type, fields)?.event ?? null });
  }

  /** Follows the audit log for what the event stream does not carry: refused credentials (`auth.refused`). */
  observeAudit(line: AuditLine): void {
    if (line.event !== 'auth.refused') return;
    const call = line.rpc === undefined ? `${line.method} ${line.route}` : `gRPC ${line.rpc}`;
    const times = Number(line.count) > 1 ? ` (${line.count} times)` : '';
    const text = `${line.credential} credential refused: ${call}${line.source ? ` from ${line.source}` : ''}${times}`;
    this.#push({ seq: ++this.#seq, at: Date.parse(line.t), type: 'auth.refused', id: null, text, audit: 'auth.refused' });
  }

  #push(event: RecentEvent): void {
    this.#ring.push(event);
    // Trimmed in halves, not one by one: a mass failure of 100,000 members writes as many events.
    if (this.#ring.length >= 2 * this.#keep) this.#ring = this.#ring.slice(-this.#keep);
  }

  /** The newest `limit` events after `afterSeq`, newest first; `audited` keeps only those the audit log keeps. */
  latest(limit: number, afterSeq = 0, audited = false): RecentEvent[] {
    const out: RecentEvent[] = [];
    for (let i = this.#ring.length - 1; i >= Math.max(0, this.#ring.length - this.#keep) && out.length < limit; i--) {
      const event = this.#ring[i]!;
      if (event.seq <= afterSeq) break;
      if (!audited || event.audit !== null) out.push(event);
    }
    return out;
  }
}

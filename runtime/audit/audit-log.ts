// The audit log: one JSON object per line, appended to its own file, for the events an operator
// must be able to account for — who joined (registrations, with the source address), who left
// (deregistrations), what was taken away (drains, clean-ups, removals) and every refused
// credential (never the credential itself). Each line is written with one write(2) on a file
// opened for appending before the reply that caused it leaves, so a crashed registry loses no
// line it acknowledged; lines are not fsynced (a power cut may lose the last few).
import { closeSync, openSync, writeSync } from 'node:fs';
import { currentCause, type AuditCause } from './audit-cause.ts';

export type AuditFields = Record<string, string | number | boolean | undefined>;

export type AuditLine = { t: string; event: string } & AuditFields;

export class AuditLog {
  readonly file: string;
  #fd: number | null;
  readonly #followers: ((line: AuditLine) => void)[] = [];
  /** Lines written, for tests and metrics. */
  lines = 0;

  /** Opens `file` for appending (created with mode 0600 if missing); throws when it cannot be opened. */
  constructor(file: string) {
    this.file = file;
    this.#fd = openSync(file, 'a', 0o600);
  }

  /** Appends `{ t, event, …fields }`, with the API and source address of the request being served, if any (none: the registry's own doing). */
  write(event: string, fields: AuditFields, cause: AuditCause | undefined = currentCause()): void {
    if (this.#fd === null) return;
    const entry = { t: new Date().toISOString(), event, ...fields, ...(cause ? { api: cause.api, source: cause.source } : {}) };
    writeSync(this.#fd, JSON.stringify(entry) + '\n');
    this.lines++;
    for (const follower of this.#followers) follower(entry);
  }

  /** Calls `follower` with each line once written (the dashboard's events view follows refused credentials so). */
  follow(follower: (line: AuditLine) => void): void {
    this.#followers.push(follower);
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}

/** Where the audit log goes by default: beside a SQLite file; nowhere for ":memory:" or PostgreSQL. */
export function defaultAuditFile(db: string): string | null {
  if (db === ':memory:' || /^postgres(ql)?:\/\//.test(db)) return null;
  return `${db}.audit.jsonl`;
}

// The SQLite store's schema as a list of migrations. `PRAGMA user_version` holds how many have
// run; opening a file runs the missing ones, each in its own transaction with its version
// bump, so a crash mid-migration leaves the file at the last complete version. A later version
// appends to the list (e.g. `ALTER TABLE members ADD COLUMN …`) and never edits an entry.
import type Database from 'better-sqlite3';

export interface Migration {
  /** What it changes, for the error message when it fails. */
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    name: 'members, jobs and meta tables',
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        last_heartbeat_at INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX members_by_state ON members (state);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        member_id TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX jobs_by_state ON jobs (state);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];

/** Brings the file up to `list.length`; returns the version it found. */
export function migrate(db: Database.Database, list: readonly Migration[]): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > list.length) {
    throw new Error(`schema version ${found} is newer than this rollcall understands (${list.length}); use a newer rollcall`);
  }
  for (let version = found; version < list.length; version++) {
    const step = list[version]!;
    try {
      db.transaction(() => {
        db.exec(step.sql);
        db.pragma(`user_version = ${version + 1}`);
      }).immediate();
    } catch (error) {
      throw new Error(`schema migration ${version + 1} (${step.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return found;
}

// Opening the SQLite file: pragmas, schema, and the failures a person can fix (a wrong path, a
// directory, a file that is not a database, a newer schema) turned into one line that names
// the file. The CLI prints `message` as is; the driver's error stays in `cause`.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './sqlite-schema.ts';

export class StoreOpenError extends Error {
  readonly path: string;

  constructor(path: string, reason: string, cause?: unknown) {
    super(`store ${path}: ${reason}`, { cause });
    this.name = 'StoreOpenError';
    this.path = path;
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

/** What is wrong with the path itself, before the driver sees it. */
function pathProblem(path: string): string | undefined {
  const dir = dirname(path);
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (!parent) return `directory ${dir} does not exist`;
  if (!parent.isDirectory()) return `${dir} is not a directory`;
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return 'is a directory, not a database file';
  return undefined;
}

function reasonFor(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = firstLine(error instanceof Error ? error.message : String(error));
  if (code === 'SQLITE_NOTADB') return 'not a SQLite database';
  if (code === 'SQLITE_CORRUPT') return 'the database file is corrupt';
  if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) return `cannot be opened for writing (${message})`;
  return message;
}

/** The open, migrated database, or a StoreOpenError. Writes default to `synchronous = FULL`. */
export function openDatabase(path: string, list: readonly Migration[]): Database.Database {
  const problem = pathProblem(path);
  if (problem) throw new StoreOpenError(path, problem);
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`cannot use WAL journal mode (got ${String(mode)})`);
    db.pragma('synchronous = FULL');
    migrate(db, list);
    return db;
  } catch (error) {
    db?.close();
    throw new StoreOpenError(path, reasonFor(error), error);
  }
}

// The tokens as a person handles them: one ready-to-paste `export` line, and a file beside a
// SQLite database, readable by its owner only, that holds the same line (`. ./rollcall.db.tokens`
// in a shell). Both `rollcall registry` and `rollcall tokens` keep that file in step with the
// database, which stays the source of truth (local access to the database is admin access).
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isPostgresUrl } from '../registry/registry-storage.ts';
import type { TokenKind } from './tokens.ts';

export interface TokenPair {
  joinToken: string;
  adminToken: string;
}

/** A value the shell takes as one word without expanding anything in it. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:+=@%/-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `export ROLLCALL_JOIN_TOKEN=… ROLLCALL_ADMIN_TOKEN=…` (or the `kinds` asked for), ready to paste into a shell. */
export function exportLine(tokens: TokenPair, kinds: readonly TokenKind[] = ['join', 'admin']): string {
  const words = [];
  if (kinds.includes('join')) words.push(`ROLLCALL_JOIN_TOKEN=${shellWord(tokens.joinToken)}`);
  if (kinds.includes('admin')) words.push(`ROLLCALL_ADMIN_TOKEN=${shellWord(tokens.adminToken)}`);
  return `export ${words.join(' ')}`;
}

/** The token file of a database: `<db>.tokens` beside a SQLite file; none in memory or on PostgreSQL. */
export function tokenFileOf(db: string): string | null {
  return db === ':memory:' || isPostgresUrl(db) ? null : `${db}.tokens`;
}

function contentOf(db: string, tokens: TokenPair): string {
  return `# rollcall tokens of ${db}: \`rollcall tokens --db ${db}\` shows them, \`--rotate\` replaces them\n${exportLine(tokens)}\n`;
}

/**
 * Writes the token file (mode 0600, replaced whole) unless it already holds these tokens.
 * Returns the file, or null when the database has none.
 */
export function keepTokenFile(db: string, tokens: TokenPair): string | null {
  const file = tokenFileOf(db);
  if (file === null) return null;
  const content = contentOf(db, tokens);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== content) {
    writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  chmodSync(file, 0o600);
  return file;
}

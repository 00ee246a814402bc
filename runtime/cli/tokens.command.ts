// `rollcall tokens`: the registry's join and admin tokens as kept in its database, shown again
// or rotated. Reading the database is the credential: whoever can open it is an admin already
// (docs/security.md). A running registry keeps the tokens it started with until it restarts.
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { exportLine, keepTokenFile } from '../auth/token-file.ts';
import { generateToken, META_KEY, type TokenKind, type TokenStore } from '../auth/tokens.ts';
import { loadOptional, MissingDependencyError } from '../package/optional-dependency.ts';
import { isPostgresUrl } from '../registry/registry-storage.ts';
import { StoreOpenError } from '../store/sqlite-open.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { summaryOf } from './command-summaries.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';

interface TokensFlags {
  db: string;
  rotate?: 'join' | 'admin' | 'both';
}

type OpenStore = TokenStore & { close(): void | Promise<void> };

async function openStore(db: string): Promise<OpenStore> {
  if (isPostgresUrl(db)) {
    const { PostgresStore } = await loadOptional('pg', 'a postgres:// database', () => import('../store/postgres/postgres-store.ts'));
    return PostgresStore.open(db);
  }
  if (db === ':memory:' || !existsSync(db)) throw new UsageError(`--db: no registry database at ${db} (rollcall registry --db ${db} creates one)`);
  return SqliteStore.open(db);
}

/** Replaces the `rotate` tokens with fresh ones, then reads both back. */
async function tokensOf(store: TokenStore, rotate: readonly TokenKind[]): Promise<{ joinToken: string; adminToken: string } | undefined> {
  for (const kind of rotate) await store.setMeta(META_KEY[kind], generateToken(kind));
  const joinToken = await store.getMeta(META_KEY.join);
  const adminToken = await store.getMeta(META_KEY.admin);
  return joinToken && adminToken ? { joinToken, adminToken } : undefined;
}

async function run(flags: TokensFlags): Promise<void> {
  const rotate: TokenKind[] = flags.rotate === undefined ? [] : flags.rotate === 'both' ? ['join', 'admin'] : [flags.rotate];
  let store: OpenStore;
  try {
    store = await openStore(flags.db);
  } catch (error) {
    if (!(error instanceof StoreOpenError || error instanceof MissingDependencyError)) throw error;
    process.stderr.write(`rollcall tokens: ${error.message}\n`);
    process.exitCode = EXIT_FAILED;
    return;
  }
  let tokens;
  try {
    tokens = await tokensOf(store, rotate);
  } finally {
    await store.close();
  }
  if (!tokens) {
    process.stderr.write(`rollcall tokens: ${flags.db} holds no tokens yet: start the registry on it once (rollcall registry --db ${flags.db})\n`);
    process.exitCode = EXIT_FAILED;
    return;
  }
  const file = keepTokenFile(flags.db, tokens);
  if (rotate.length > 0) {
    const which = rotate.map((kind) => `${kind} token`).join(' and ');
    process.stderr.write(`rollcall tokens: new ${which} kept in ${flags.db}${file ? ` and ${file}` : ''}; a running registry takes it when it restarts\n`);
  }
  process.stdout.write(`${exportLine(tokens)}\n`);
}

export function tokensCommand(): Command {
  return new Command('tokens')
    .description(summaryOf('tokens'))
    .option('--db <file|url>', "the registry's SQLite database file or postgres:// URL", './rollcall.db')
    .addOption(new Option('--rotate <which>', 'replace the join token, the admin token, or both with fresh ones').choices(['join', 'admin', 'both']))
    .addHelpText('after', '\nPrints `export ROLLCALL_JOIN_TOKEN=… ROLLCALL_ADMIN_TOKEN=…` and rewrites <db>.tokens (mode 0600) beside a SQLite database.')
    .action(run);
}

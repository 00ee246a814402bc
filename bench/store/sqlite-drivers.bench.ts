// Which SQLite driver for the store: node:sqlite (built into Node ≥ 22.5, no native build)
// against better-sqlite3 (a native addon), on the registry's write patterns:
//   - durable single-row upserts (a registration, made durable before the reply),
//   - one transaction of many rows (a coalesced heartbeat flush),
//   - a full reload (registry restart).
// better-sqlite3 is not a dependency; to compare, install it anywhere and point at it:
//   npm i --prefix /tmp/bsq better-sqlite3 && npx node bench/store/sqlite-drivers.bench.ts --with /tmp/bsq
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { benchArgs } from '../support/bench-args.ts';

interface Db {
  exec(sql: string): void;
  prepare(sql: string): { run(...args: unknown[]): unknown; all(): unknown[] };
  close(): void;
}

const ROWS_SINGLE = 3000;
const ROWS_BATCH = 100_000;
const payload = JSON.stringify({ name: 'worker', address: '10.0.0.1:7000', capacity: 4, labels: { zone: 'a' } });

function measure(name: string, open: (file: string) => Db) {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-sqlite-'));
  const db = open(join(dir, 'bench.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  db.exec('CREATE TABLE members (id TEXT PRIMARY KEY, body TEXT NOT NULL, last_seen INTEGER NOT NULL)');
  const upsert = db.prepare('INSERT INTO members (id, body, last_seen) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, last_seen = excluded.last_seen');

  let t = performance.now();
  for (let i = 0; i < ROWS_SINGLE; i++) upsert.run(`w-${i}`, payload, i);
  const singleMs = performance.now() - t;

  db.exec('PRAGMA synchronous = NORMAL');
  t = performance.now();
  db.exec('BEGIN');
  for (let i = 0; i < ROWS_BATCH; i++) upsert.run(`w-${i}`, payload, i);
  db.exec('COMMIT');
  const batchMs = performance.now() - t;

  t = performance.now();
  const rows = db.prepare('SELECT id, body, last_seen FROM members').all();
  const loadMs = performance.now() - t;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    driver: name,
    durableUpsertsPerSecond: Math.round(ROWS_SINGLE / (singleMs / 1000)),
    batch100kMs: Math.round(batchMs),
    reload100kMs: Math.round(loadMs),
    rowsLoaded: rows.length,
  };
}

const command = benchArgs(
  `usage: node bench/store/sqlite-drivers.bench.ts [--with DIR] [--json]
  node:sqlite against better-sqlite3: durable single-row upserts, one big transaction, a full reload
  --with DIR  also measure the better-sqlite3 installed under DIR (npm i --prefix DIR better-sqlite3)`,
  { with: { type: 'string' }, json: { type: 'boolean', default: false } },
);
const results = [measure('node:sqlite', (file) => new DatabaseSync(file) as unknown as Db)];
if (command.values.with !== undefined) {
  const require = createRequire(join(command.values.with, 'package.json'));
  const Better = require('better-sqlite3') as new (file: string) => Db & { pragma(s: string): unknown };
  results.push(
    measure('better-sqlite3', (file) => {
      const db = new Better(file);
      return { exec: (s) => db.exec(s), prepare: (s) => db.prepare(s), close: () => db.close() };
    }),
  );
}
if (command.values.json) console.log(JSON.stringify(results));
else console.table(results);

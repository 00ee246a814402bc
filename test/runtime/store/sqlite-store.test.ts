// What only the SQLite store promises: a file that outlives the process, a schema that
// migrates forward, one transaction per batch, and open failures a person can read.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../../../runtime/store/sqlite-open.ts';
import { migrations, type Migration } from '../../../runtime/store/sqlite-schema.ts';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';
import type { Job } from '../../../machines/registry/registry.types.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

let dir = '';
let files = 0;
const freshPath = () => join(dir, `store-${files++}.db`);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-sqlite-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function raw<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function openError(path: string, options = {}): Error {
  try {
    SqliteStore.open(path, options).close();
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected opening ${path} to fail`);
}

describe('SqliteStore', () => {
  it('keeps members, jobs, heartbeat times and meta across close and reopen', () => {
    const path = freshPath();
    const first = SqliteStore.open(path);
    first.write([{ kind: 'member', member: memberRecord('w-1') }, { kind: 'job', job: jobRecord('job-1') }]);
    first.writeHeartbeats([{ memberId: 'w-1', lastHeartbeatAt: 42_000 }]);
    first.setMeta('joinToken', 'secret');
    first.close();
    const second = SqliteStore.open(path);
    expect(second.load()).toStrictEqual({ members: [memberRecord('w-1', { lastHeartbeatAt: 42_000 })], jobs: [jobRecord('job-1')] });
    expect(second.getMeta('joinToken')).toBe('secret');
    second.close();
  });

  it('creates a new file in WAL mode at the latest schema version, with indexed state columns', () => {
    const path = freshPath();
    SqliteStore.open(path).close();
    const found = raw(path, (db) => ({
      journal: db.pragma('journal_mode', { simple: true }),
      version: db.pragma('user_version', { simple: true }),
      indexes: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(),
    }));
    expect(found).toEqual({ journal: 'wal', version: migrations.length, indexes: ['jobs_by_state', 'members_by_state'] });
  });

  it('upgrades a version-1 file of JSON rows in place: the same members, in the same order, and its jobs', () => {
    const path = freshPath();
    const plain = memberRecord('w-2', { value: 'registered', capabilities: {}, labels: {}, resources: {}, lastHeartbeatAt: 7_000 });
    plain.ctx.recoveries = [];
    delete plain.defaultName; // a record from before the flag existed
    const flagged = memberRecord('w-1', { defaultName: true, instance: 'i-9', takenOver: true, addressIdentity: false, addressTaken: true, loadFactor: 0.25 });
    flagged.ctx = { ...flagged.ctx, currentJobs: 3, checkFailures: 2, holdUntil: 4_000, since: 3_000, leftGracefully: true, draining: true };
    raw(path, (db) => {
      db.exec(migrations[0]!.sql);
      db.pragma('user_version = 1');
      const insert = db.prepare('INSERT INTO members (id, state, last_heartbeat_at, body) VALUES (?, ?, ?, ?)');
      insert.run('w-2', 'registered', 7_000, JSON.stringify(plain));
      insert.run('w-1', 'active', 42_000, JSON.stringify(flagged)); // the column is the heartbeat's authority
      db.prepare("INSERT INTO jobs (id, state, member_id, body) VALUES ('job-1', 'queued', NULL, ?)").run(JSON.stringify(jobRecord('job-1')));
    });
    const store = SqliteStore.open(path);
    expect(store.load()).toStrictEqual({ members: [plain, { ...flagged, lastHeartbeatAt: 42_000 }], jobs: [jobRecord('job-1')] });
    store.write([{ kind: 'member', member: memberRecord('w-3') }]);
    store.close();
    expect(SqliteStore.open(path).load().members.map((m) => m.id)).toEqual(['w-2', 'w-1', 'w-3']);
    const found = raw(path, (db) => ({
      version: db.pragma('user_version', { simple: true }),
      indexes: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(),
      bodies: db.prepare('SELECT body FROM members ORDER BY rowid').pluck().all(),
    }));
    expect(found.version).toBe(migrations.length);
    expect(found.indexes).toEqual(['jobs_by_state', 'members_by_state']);
    expect(found.bodies[0]).toBeNull(); // nothing beyond the columns: no JSON to parse
  });

  it('runs a migration appended to the list on a file at the latest version', () => {
    const path = freshPath();
    SqliteStore.open(path).close();
    const zone: Migration = { name: 'members.zone column', sql: 'ALTER TABLE members ADD COLUMN zone TEXT' };
    const current = SqliteStore.open(path, { migrations: [...migrations, zone] });
    current.write([{ kind: 'member', member: memberRecord('w-1') }]);
    expect(current.load().members).toStrictEqual([memberRecord('w-1')]);
    current.close();
    const found = raw(path, (db) => ({
      version: db.pragma('user_version', { simple: true }),
      columns: db.prepare("SELECT name FROM pragma_table_info('members')").pluck().all(),
    }));
    expect(found.version).toBe(migrations.length + 1);
    expect(found.columns.at(-1)).toBe('zone');
  });

  it('leaves a file at its last complete version when a migration fails', () => {
    const path = freshPath();
    SqliteStore.open(path).close();
    const broken: Migration = { name: 'broken step', sql: 'ALTER TABLE members ADD COLUMN a TEXT; ALTER TABLE nowhere ADD COLUMN b TEXT' };
    const error = openError(path, { migrations: [...migrations, broken] });
    expect(error.message).toMatch(new RegExp(`^store ${path}: schema migration ${migrations.length + 1} \\(broken step\\) failed: no such table: nowhere$`));
    expect(raw(path, (db) => db.pragma('user_version', { simple: true }))).toBe(migrations.length);
    expect(raw(path, (db) => db.prepare("SELECT name FROM pragma_table_info('members')").pluck().all())).not.toContain('a');
  });

  it('refuses a file from a newer rollcall', () => {
    const path = freshPath();
    SqliteStore.open(path).close();
    raw(path, (db) => db.pragma(`user_version = ${migrations.length + 4}`));
    expect(openError(path).message).toBe(
      `store ${path}: schema version ${migrations.length + 4} is newer than this rollcall understands (${migrations.length}); use a newer rollcall`,
    );
  });

  it('writes a batch as one transaction: a failing write leaves none of it', () => {
    const store = SqliteStore.open(freshPath());
    store.write([{ kind: 'member', member: memberRecord('w-1') }]);
    const broken = { ...jobRecord('job-1'), state: null } as unknown as Job;
    expect(() =>
      store.write([
        { kind: 'member', member: memberRecord('w-1', { name: 'half-written' }) },
        { kind: 'member', member: memberRecord('w-2') },
        { kind: 'job', job: broken },
      ]),
    ).toThrow(/NOT NULL/);
    expect(store.load()).toStrictEqual({ members: [memberRecord('w-1')], jobs: [] });
    store.close();
  });
});

describe('SqliteStore open errors: one line naming the path', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a missing parent directory', () => join(dir, 'no-such-dir', 'r.db'), /directory .*no-such-dir does not exist$/],
    ['a parent that is a file', () => {
      const file = join(dir, 'plain-file');
      writeFileSync(file, 'x');
      return join(file, 'r.db');
    }, /plain-file is not a directory$/],
    ['a directory as the path', () => {
      const sub = join(dir, 'a-directory');
      mkdirSync(sub, { recursive: true });
      return sub;
    }, /: is a directory, not a database file$/],
    ['a file that is not a database', () => {
      const file = join(dir, 'notes.db');
      writeFileSync(file, 'These are notes, not a database. '.repeat(40));
      return file;
    }, /: not a SQLite database$/],
    // Unwritable even for root, so the case holds whoever runs the tests.
    ['a path where no file can be created', () => '/proc/rollcall.db', /: cannot be opened for writing \(unable to open database file\)$/],
  ];

  it.each(cases)('%s', (_name, makePath, reason) => {
    const path = makePath();
    const error = openError(path);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message.startsWith(`store ${path}: `)).toBe(true);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain('\n');
  });
});

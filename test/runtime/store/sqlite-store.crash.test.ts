// docs/behaviour.md §5: `kill -9` of the registry at any moment loses no acknowledged write. A real child
// process writes and acknowledges on stdout; it is killed mid-stream; the file must hold every
// acknowledged ID. (SIGKILL keeps the OS page cache, so this proves commit-before-return, not
// fsync; fsync is `synchronous = FULL`'s job.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { SqliteStore } from '../../../runtime/store/sqlite-store.ts';

const writer = fileURLToPath(new URL('../../support/store-crash-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rollcall-store-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every write acknowledged before a SIGKILL', async () => {
  const path = join(dir, 'crash.db');
  const child = spawn(process.execPath, [writer, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const closed = new Promise<string | number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before writing: ${err}`)));
  });
  // The one bounded sleep of the suite: let the writer get well into its stream.
  await delay(300);
  child.kill('SIGKILL');
  expect(await closed).toBe('SIGKILL');

  const acknowledged = out.split('\n').slice(0, -1);
  expect(acknowledged.length).toBeGreaterThan(20);
  const store = SqliteStore.open(path);
  const stored = new Set(store.load().members.map((m) => m.id));
  store.close();
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
});

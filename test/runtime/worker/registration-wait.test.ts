// A worker whose registration is refused for a while (a lock-out, a rate limit) says that it
// waits, and until when (issue #16): it used to wait out an hour's lock-out without a word.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry, startWorker, type RunningRegistry, type WorkerNote, type WorkerProcess } from '../../../runtime/index.ts';

let registry: RunningRegistry | undefined;
let worker: WorkerProcess | undefined;
afterEach(async () => {
  await worker?.stop();
  await registry?.stop();
});

describe('a worker locked out of registration', () => {
  it('notes that it waits, with the time it will try again and why', async () => {
    // One failed registration from 127.0.0.1 locks the whole address out for an hour.
    const overrides = { registrationAttemptsPerSourceMax: 1, registrationLockout: '1h' };
    registry = await startRegistry({ db: ':memory:', grpcPort: 0, httpPort: 0, logger: pino({ level: 'silent' }), config: { overrides } });
    const refused = await fetch(`http://127.0.0.1:${registry.httpPort}/api/workers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registry.joinToken}` },
      body: JSON.stringify({ name: 'bad', maxConcurrentJobs: 0 }),
    });
    expect(refused.status).toBe(400);
    const notes: WorkerNote[] = [];
    const startedAt = Date.now();
    worker = await startWorker({
      registry: [`127.0.0.1:${registry.grpcPort}`],
      joinToken: registry.joinToken,
      stateDir: join(mkdtempSync(join(tmpdir(), 'rollcall-wait-')), 'state'),
      httpPort: null,
      onNote: (note) => notes.push(note),
    });
    const deadline = Date.now() + 5000;
    while (!notes.some((n) => n.event === 'registration.waiting') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const waiting = notes.find((n) => n.event === 'registration.waiting');
    expect(waiting).toMatchObject({ why: expect.stringContaining('too many failed registrations from 127.0.0.1') });
    const until = Date.parse(String(waiting?.until));
    expect(until - startedAt).toBeGreaterThan(59 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(worker.state).toBe('registering');
  });
});

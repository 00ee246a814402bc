// The JSONL event log (runtime/events/event-log.ts): the digest it returns is the simulator's
// determinism check, so it must be the SHA-256 of exactly the bytes it wrote, however the lines
// fell into the batches it hashes and writes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../runtime/events/event-log.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('EventLog', () => {
  it('returns the SHA-256 of every byte written, across batches and explicit flushes', () => {
    dir = mkdtempSync(join(tmpdir(), 'event-log-'));
    const file = join(dir, 'events.jsonl');
    const log = new EventLog({ file, keep: false });
    for (let i = 0; i < 1_300; i++) {
      log.write(i, 'member', { id: `w-${i}`, to: 'active' });
      if (i === 700) log.flush();
    }
    const digest = log.close();
    const bytes = readFileSync(file);
    expect(bytes.toString('utf8').split('\n')).toHaveLength(1_301);
    expect(digest).toBe(sha256(bytes));
  });

  it('gives the same digest without a file as with one', () => {
    const lines = (log: EventLog) => {
      for (let i = 0; i < 600; i++) log.write(i * 10, 'heartbeat', { node: `n${i % 7}` });
      return log.close();
    };
    dir = mkdtempSync(join(tmpdir(), 'event-log-'));
    const file = join(dir, 'events.jsonl');
    const withFile = lines(new EventLog({ file, keep: false }));
    expect(lines(new EventLog({ keep: false }))).toBe(withFile);
    expect(withFile).toBe(sha256(readFileSync(file)));
  });

  it('writes lines to the file by the time flush returns', () => {
    dir = mkdtempSync(join(tmpdir(), 'event-log-'));
    const file = join(dir, 'events.jsonl');
    const log = new EventLog({ file, keep: false });
    log.write(5, 'registry', { state: 'up' });
    log.flush();
    expect(readFileSync(file, 'utf8')).toBe('{"t":5,"type":"registry","state":"up"}\n');
    log.close();
  });
});

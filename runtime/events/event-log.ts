// A JSONL event log. Each line is one event with its time first; keys are written in a fixed
// order, so the same run writes the same bytes. The log is hashed as it is written (the
// simulator's determinism check), optionally kept in memory (for the invariants) and streamed
// to a file (`-`: stdout; the simulator's --events, the registry's events file). It is the simulator's sink
// for the registry's events (runtime/registry/event-sink.ts).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { EventSink } from '../registry/event-sink.ts';
import type { LogEntry, LogFields } from './log-entry.ts';

const STDOUT = 1;

export class EventLog implements EventSink {
  readonly #hash: Hash = createHash('sha256');
  readonly #fd: number | null;
  readonly #keep: (type: string) => boolean;
  readonly entries: LogEntry[] = [];
  #pending: string[] = [];
  lines = 0;

  /** `file`: where to write the JSONL (`-`: stdout); `keep`: which entries to also keep in memory for checks. */
  constructor(options: { file?: string | undefined; keep?: boolean | ((type: string) => boolean) } = {}) {
    this.#fd = options.file === '-' ? STDOUT : options.file ? openSync(options.file, 'w') : null;
    const keep = options.keep ?? true;
    this.#keep = typeof keep === 'function' ? keep : () => keep;
  }

  write(t: number, type: string, fields: LogFields = {}): void {
    const entry: LogEntry = { t, type, ...fields };
    this.lines++;
    if (this.#keep(type)) this.entries.push(entry);
    this.#pending.push(JSON.stringify(entry) + '\n');
    if (this.#pending.length >= 512) this.flush();
  }

  /**
   * Hashes the lines written since the last flush, and writes them to the file if there is one.
   * One hash update per 512 lines, not per line: a call into the hash costs more than hashing a line.
   */
  flush(): void {
    if (this.#pending.length === 0) return;
    const chunk = this.#pending.join('');
    this.#pending = [];
    this.#hash.update(chunk);
    if (this.#fd !== null) writeSync(this.#fd, chunk);
  }

  /** Finishes the log; returns the hex SHA-256 of every byte written. */
  close(): string {
    this.flush();
    if (this.#fd !== null && this.#fd !== STDOUT) closeSync(this.#fd);
    return this.#hash.digest('hex');
  }
}

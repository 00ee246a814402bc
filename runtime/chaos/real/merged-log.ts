// The event log of a real-mode run, merged from three sources that all stamp wall-clock
// milliseconds of this machine: the registry's `--events` files (one per incarnation), the
// workers' `worker.state` notes (their own `at`), and the driver's fault entries. Merged, each
// `t` becomes scenario time in production ms: (wall − start) ÷ scale, rounded; entries before
// the start (the registry's own `registry.started`, written just before its ready line) are at 0.
import { existsSync, readFileSync } from 'node:fs';
import type { LogEntry, LogFields } from '../../events/log-entry.ts';

interface Stamped {
  wallMs: number;
  /** Arrival order, to keep equal stamps in the order they were seen. */
  seq: number;
  entry: Omit<LogEntry, 't'>;
}

export class RealLog {
  readonly scale: number;
  /** Wall-clock time of scenario time 0: set when the script begins. */
  startWallMs = Date.now();
  readonly #own: Stamped[] = [];
  readonly #files: { path: string; tags: LogFields }[] = [];
  #seq = 0;

  constructor(scale: number) {
    this.scale = scale;
  }

  /** Scenario time (production ms) of a wall-clock instant. */
  scenarioMs(wallMs: number): number {
    return Math.max(0, Math.round((wallMs - this.startWallMs) / this.scale));
  }

  write(type: string, fields: LogFields = {}, wallMs = Date.now()): void {
    this.#own.push({ wallMs, seq: this.#seq++, entry: { type, ...fields } });
  }

  /** A registry events file to merge at the end; `tags` are added to each of its entries (a replica's name). */
  addFile(path: string, tags: LogFields = {}): void {
    this.#files.push({ path, tags });
  }

  /** Every entry up to `endWallMs`, time-ordered, in scenario time. */
  merged(endWallMs: number): LogEntry[] {
    const all: Stamped[] = [...this.#own];
    let seq = this.#seq;
    for (const { path, tags } of this.#files) {
      if (!existsSync(path)) continue;
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let parsed: LogEntry;
        try {
          parsed = JSON.parse(line) as LogEntry;
        } catch {
          continue; // a line cut short by SIGKILL
        }
        const { t, ...entry } = parsed;
        all.push({ wallMs: t, seq: seq++, entry: { ...entry, ...tags } });
      }
    }
    return all
      .filter((s) => s.wallMs <= endWallMs)
      .sort((a, b) => a.wallMs - b.wallMs || a.seq - b.seq)
      .map((s) => ({ t: this.scenarioMs(s.wallMs), ...s.entry }) as LogEntry);
  }
}

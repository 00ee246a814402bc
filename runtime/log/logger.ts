// The one log of every rollcall process (registry and worker alike): pino lines with `level`,
// `time`, `pid`, `hostname`, `name` (the process), `event` and a readable `msg` — JSON, or
// pretty lines for a person (the default when the log goes to a terminal). docs/operations.md.
import pino, { type Logger } from 'pino';
import { rollcallVersion } from '../package/version.ts';
import { prettyDestination } from './pretty-lines.ts';

export type LogFormat = 'pretty' | 'json';

export interface LogOptions {
  /** The process: `registry` or `worker`. */
  name: string;
  level: string;
  /** Absent: pretty when `fd` is a terminal, else JSON. */
  format?: LogFormat;
  /**
   * stderr for the registry; stdout for the worker, whose notes others read there. Written as a
   * stream: a reader slower than the log (a pipe filling up) delays lines, never the process.
   */
  stream: NodeJS.WriteStream;
}

export function createLogger(options: LogOptions): Logger {
  const { stream } = options;
  const format = options.format ?? (stream.isTTY ? 'pretty' : 'json');
  return pino({ name: options.name, level: options.level }, format === 'pretty' ? prettyDestination(stream) : stream);
}

/** The first line of a process: what it is and its PID (the one to signal, not npm's). */
export function logStart(logger: Logger, name: string): void {
  const version = rollcallVersion();
  logger.info({ event: 'process.started', version, node: process.version }, `rollcall ${name} ${version} started, pid ${process.pid}`);
}

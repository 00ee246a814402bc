// `--log-format pretty`: pino's JSON lines rewritten for a terminal, one per event:
//   14:02:07.412 INFO  registry  w-2 active.idle → unhealthy: no heartbeat for 2m
// then, in dim text, the fields the message does not already show (`key=value`).
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 20: '\x1b[2m', 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };
/** Fields every line has, or that the line shows in its own place. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'event']);

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** Whether the message shows this value already: as one of its words, or a text of several words within it. */
function mentions(msg: string, value: unknown): boolean {
  if (typeof value === 'string' && /\s/.test(value.trim())) return msg.includes(value.trim());
  return msg.split(/\s+/).some((word) => word.replace(/^[(]+|[:;,)]+$/g, '') === String(value));
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Object && 'message' in value) return JSON.stringify((value as { message: unknown }).message);
  return JSON.stringify(value);
}

/** One pino JSON line as a readable line (UTC time, level, process, message, other fields). */
export function prettyLine(json: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = Number(entry.level);
  const msg = String(entry.msg ?? entry.event ?? '');
  const extra = Object.entries(entry)
    .filter(([key, value]) => !SHOWN.has(key) && value !== undefined && value !== null && !mentions(msg, value))
    .map(([key, value]) => `${key}=${valueText(value)}`)
    .join(' ');
  const head = `${clock(Number(entry.time))} ${(LEVELS[level] ?? String(level)).padEnd(5)} ${String(entry.name ?? '')}  ${msg}`;
  const tail = extra ? (colour ? `  \x1b[2m${extra}\x1b[0m` : `  ${extra}`) : '';
  const paint = colour ? COLOURS[level] : undefined;
  return paint ? `${paint}${head}\x1b[0m${tail}` : head + tail;
}

/** A pino destination that writes each line pretty to `stream`, coloured on a terminal. */
export function prettyDestination(stream: NodeJS.WriteStream): { write(line: string): void } {
  const colour = stream.isTTY === true;
  return {
    write(line: string) {
      stream.write(prettyLine(line, colour) + '\n');
    },
  };
}

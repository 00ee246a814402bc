// The heartbeat bench's command line, parsed into options or refused with a one-line reason.
import { parseDuration } from '../../runtime/config/units.ts';

export interface HeartbeatOptions {
  workers: number;
  streams: number;
  durationMs: number;
  /** Sent before the measured window opens, not counted. */
  warmupMs: number;
  mode: 'stream' | 'unary';
  /** Heartbeats per second in all; 0 = full speed. */
  rate: number;
  window: number;
  generators: number;
  halfRate: boolean;
  ceiling: boolean;
  peer: 'etcd' | null;
  profileDir: string;
  json: boolean;
  help: boolean;
}

export const HEARTBEAT_USAGE = `usage: rollcall bench heartbeat [--workers 1000] [--streams 10] [--duration 10s] [--warmup 1s] [--mode stream|unary]
    [--rate R] [--window 32] [--generators 1] [--half-rate] [--no-ceiling] [--peer etcd]
    [--profile-dir DIR] [--json]
  Heartbeats from G load-generator processes against a real registry, then the same load
  against a bare grpc-js server (the ceiling) and, with --peer etcd, etcd lease keepalives.
  --rate R       R heartbeats/s in all instead of full speed; latency counts from when each was due
  --warmup T     not measured; at a fixed rate it goes on until every generator is on schedule
                 (no heartbeat later than 100 ms for a second; at most 30 s)
  --window W     heartbeats in flight per stream at most (both modes)
  --generators G split workers, streams and rate over G load-generator processes
  --half-rate    then a fresh registry, and the ceiling, at half the full-speed rate just measured
  --peer etcd    etcd 3.4 on loopback (apt-get install -y etcd-server), one lease per worker
  --profile-dir  run the registry under node --cpu-prof and write its profile there`;

const VALUE_FLAGS = ['workers', 'streams', 'duration', 'warmup', 'mode', 'rate', 'window', 'generators', 'peer', 'profile-dir'] as const;
const SWITCHES = ['half-rate', 'no-ceiling', 'json', 'help'] as const;

function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`--${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** Options from the flags given (without the script name); throws an Error with a one-line message. */
export function parseHeartbeatOptions(argv: readonly string[]): HeartbeatOptions {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (!argv[i]!.startsWith('--')) throw new Error(`unexpected argument "${argv[i]}"`);
    if ((SWITCHES as readonly string[]).includes(name) || name === 'h') switches.add(name === 'h' ? 'help' : name);
    else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      values.set(name, value);
    } else throw new Error(`unknown option --${name} (see --help)`);
  }
  const get = (name: (typeof VALUE_FLAGS)[number], fallback: string) => values.get(name) ?? fallback;
  const mode = get('mode', 'stream');
  if (mode !== 'stream' && mode !== 'unary') throw new Error(`--mode is stream or unary, got "${mode}"`);
  const peer = values.get('peer') ?? null;
  if (peer !== null && peer !== 'etcd') throw new Error(`--peer knows only etcd, got "${peer}"`);
  if (peer === 'etcd' && mode === 'unary') throw new Error('--peer etcd drives LeaseKeepAlive streams: use --mode stream');
  const duration = (flag: 'duration' | 'warmup', fallback: string) => {
    try {
      return parseDuration(get(flag, fallback));
    } catch (error) {
      throw new Error(`--${flag}: ${(error as Error).message}`);
    }
  };
  const durationMs = duration('duration', '10s');
  const warmupMs = duration('warmup', '1s');
  if (!(durationMs >= 1000)) throw new Error(`--duration must be at least 1s, got "${get('duration', '')}"`);
  const streams = integer(get('streams', '10'), 'streams', 1, 1000);
  const generators = integer(get('generators', '1'), 'generators', 1, 16);
  if (generators > streams) throw new Error(`--generators ${generators} needs at least as many streams (--streams ${streams})`);
  const workers = integer(get('workers', '1000'), 'workers', 1, 1_000_000);
  if (workers < streams) throw new Error(`--workers ${workers} is fewer than --streams ${streams}: every stream needs a worker`);
  return {
    workers, streams, durationMs, warmupMs, mode,
    rate: integer(get('rate', '0'), 'rate', 0, 10_000_000),
    window: integer(get('window', '32'), 'window', 1, 100_000),
    generators,
    halfRate: switches.has('half-rate'),
    ceiling: !switches.has('no-ceiling'),
    peer,
    profileDir: get('profile-dir', ''),
    json: switches.has('json'),
    help: switches.has('help'),
  };
}

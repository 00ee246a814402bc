// A throwaway PostgreSQL server on loopback, for tests, benchmarks and chaos runs: initdb into
// a temporary directory, start it on a free port, stop it with `pg_ctl -m immediate` and delete
// the directory. It uses the Debian binaries (/usr/lib/postgresql/N/bin) or `initdb` on PATH; as
// root it runs them as the `postgres` user, since initdb refuses root. fsync is off (nothing
// here must survive a power cut) but commits are synchronous, so killing the server — as the
// chaos runs do — loses nothing it acknowledged.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../net/free-port.ts';

export interface PrivatePostgres {
  /** postgres://rollcall@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  /** The postmaster's process ID (for SIGSTOP/SIGCONT in chaos runs). */
  readonly pid: number;
  /** Starts the server again after `stop` (same data, same port). */
  restart(): void;
  /** Stops the server at once (like a crash: `-m immediate`), keeping its data. */
  stop(): void;
  /** Stops it and deletes its data directory. */
  destroy(): void;
}

/** The directory holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.ROLLCALL_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = join(debian, version, 'bin');
      if (existsSync(join(bin, 'initdb'))) return bin;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? join(found, '..') : undefined;
}

export const POSTGRES_MISSING =
  'PostgreSQL is not installed: install it (apt-get install -y postgresql) or set DATABASE_URL to a server rollcall may use';

const asRoot = process.getuid?.() === 0;

function run(bin: string, tool: string, args: string[]): void {
  const command = asRoot ? 'runuser' : join(bin, tool);
  const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  try {
    execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`${tool} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** Starts a private server; throws one clear line when PostgreSQL is missing or will not start. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(bin, 'initdb', ['-D', data, '-U', 'rollcall', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`,
    '-c fsync=off -c full_page_writes=off -c max_connections=300',
  ].join(' ');
  const start = () => run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', 'start', '-o', options]);
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  start();
  return {
    url: `postgres://rollcall@127.0.0.1:${port}/postgres`,
    port,
    get pid() {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    restart: start,
    stop,
    destroy() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

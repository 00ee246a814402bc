// What a worker keeps on disk between runs (docs/behaviour.md §1, as Nomad clients do): its ID, the secret
// it made before it first registered, and the registry that attached it. Written atomically
// (temporary file, fsync, rename), so a crash mid-write leaves the previous state whole.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkerState {
  workerId?: string;
  workerSecret: string;
  /** Registry endpoints ("host:port") learned from an Attach, for the next start. */
  registry?: string[];
}

export class StateDirError extends Error {
  override name = 'StateDirError';
}

const FILE = 'worker.json';

function parse(text: string, path: string): WorkerState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StateDirError(`${path} is not valid JSON; move it away to start afresh`);
  }
  const state = value as Partial<WorkerState>;
  if (typeof state !== 'object' || state === null || typeof state.workerSecret !== 'string' || state.workerSecret.length === 0) {
    throw new StateDirError(`${path} has no worker secret; move it away to start afresh`);
  }
  return {
    workerSecret: state.workerSecret,
    ...(typeof state.workerId === 'string' ? { workerId: state.workerId } : {}),
    ...(Array.isArray(state.registry) ? { registry: state.registry.filter((e): e is string => typeof e === 'string') } : {}),
  };
}

export class StateDir {
  readonly dir: string;
  readonly path: string;

  constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, FILE);
  }

  /** Reads the state, creating the directory and a fresh secret (saved at once) on first use. */
  load(): WorkerState {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new StateDirError(`cannot create state dir ${this.dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let text: string | null = null;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StateDirError(`cannot read ${this.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    if (text !== null) return parse(text, this.path);
    const fresh: WorkerState = { workerSecret: randomBytes(16).toString('hex') };
    this.save(fresh);
    return fresh;
  }

  save(state: WorkerState): void {
    const temporary = `${this.path}.tmp`;
    try {
      const fd = openSync(temporary, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(state, null, 2) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.path);
    } catch (error) {
      throw new StateDirError(`cannot write ${this.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
}

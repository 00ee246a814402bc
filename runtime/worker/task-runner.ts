// Runs assigned tasks with the worker's handler: each under its own timeout (an AbortSignal
// the handler should honour), its outcome reported once. The worker machine enforces the
// concurrency limit; this runs what the machine starts.
import type { Task } from '../../machines/registry/registry.types.ts';
import type { Clock } from '../clock/clock.ts';

export interface TaskContext {
  /** Aborted when the task times out or the worker is killed. */
  signal: AbortSignal;
  /** Progress reports (0..1), kept for /health and logs. */
  progress(fraction: number, message?: string): void;
}

/** A handler resolves with the task's result text, or throws to fail it. */
export type TaskHandler = (task: Task, context: TaskContext) => Promise<string | void>;

export interface TaskOutcome {
  jobId: string;
  ok: boolean;
  result: string;
}

/** The built-in handler: kind `sleep` waits `payload` ms; `echo` returns the payload; `fail` throws. */
export function builtInTasks(clock: Clock): TaskHandler {
  return (task, { signal }) => {
    if (task.kind === 'echo') return Promise.resolve(task.payload);
    if (task.kind === 'fail') return Promise.reject(new Error(task.payload || 'failed on purpose'));
    if (task.kind !== 'sleep') return Promise.reject(new Error(`unknown task kind "${task.kind}" (built-in kinds: sleep, echo, fail)`));
    const ms = Number(task.payload.replace(/^sleep:/, '')) || 0;
    return new Promise((resolve, reject) => {
      const timer = clock.setTimeout(() => resolve(`slept ${ms} ms`), ms);
      signal.addEventListener('abort', () => {
        clock.clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  };
}

export class TaskRunner {
  readonly #handler: TaskHandler;
  readonly #clock: Clock;
  readonly #running = new Map<string, { controller: AbortController; progress: number }>();

  constructor(handler: TaskHandler, clock: Clock) {
    this.#handler = handler;
    this.#clock = clock;
  }

  get running(): number {
    return this.#running.size;
  }

  progressOf(jobId: string): number | undefined {
    return this.#running.get(jobId)?.progress;
  }

  /** Starts a task; `done` runs once with its outcome (a timeout fails it). */
  run(task: Task, done: (outcome: TaskOutcome) => void): void {
    if (this.#running.has(task.jobId)) return;
    const controller = new AbortController();
    const entry = { controller, progress: 0 };
    this.#running.set(task.jobId, entry);
    let finished = false;
    const finish = (ok: boolean, result: string) => {
      if (finished) return;
      finished = true;
      this.#clock.clearTimeout(timer);
      this.#running.delete(task.jobId);
      done({ jobId: task.jobId, ok, result });
    };
    const timer = this.#clock.setTimeout(() => {
      controller.abort(new Error('timed out'));
      finish(false, `timed out after ${task.timeoutMs} ms`);
    }, task.timeoutMs);
    const context: TaskContext = {
      signal: controller.signal,
      progress: (fraction) => {
        entry.progress = Math.min(1, Math.max(0, fraction));
      },
    };
    Promise.resolve()
      .then(() => this.#handler(task, context))
      .then(
        (result) => finish(true, typeof result === 'string' ? result : ''),
        (error: unknown) => finish(false, error instanceof Error ? error.message : String(error)),
      );
  }

  /** Aborts every running task (a kill, or the drain timeout ran out). */
  abortAll(reason: string): void {
    for (const { controller } of this.#running.values()) controller.abort(new Error(reason));
  }
}

// The tasks a simulated worker holds: each assigned task runs for its virtual duration, then the
// machine hears that it finished and its result is reported to the registry, a lost report
// retried a few times. What a task does to its worker goes through the worker's incarnation:
// after a crash or a reboot, a task of the old one finishes and reports nothing.
import type { Outcome, Task } from '../../machines/registry/registry.types.ts';
import type { WorkerContext, WorkerEvent } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { CallResult } from './sim-network.ts';

/** What the tasks need of their worker: the clock of its boot, and events and RPCs bound to one incarnation. */
export interface TaskHost {
  readonly clock: Clock;
  sender(): (event: WorkerEvent) => void;
  call<R>(handle: (core: CoreAccess, now: number) => Outcome<R>, done: (result: CallResult<Outcome<R>>) => void): void;
  /** A check that the incarnation running now is still the one running when it was asked. */
  incarnation(): () => boolean;
}

/** How many times a task's result is sent before it is given up on. */
const REPORT_TRIES = 5;
const REPORT_RETRY_MS = 1000;

/** How long a task runs: "sleep:MS" payloads say; anything else takes 1 s. */
function taskDurationMs(task: Task): number {
  const match = /^sleep:(\d+)$/.exec(task.payload);
  return match ? Number(match[1]) : 1000;
}

export class SimTasks {
  readonly #host: TaskHost;
  readonly #tasks = new Map<string, Task>();

  constructor(host: TaskHost) {
    this.#host = host;
  }

  /** A boot or a crash: the tasks of the incarnation before are forgotten. */
  clear(): void {
    this.#tasks.clear();
  }

  /** The registry assigned `task`; the machine decides whether it runs. */
  hold(task: Task): void {
    this.#tasks.set(task.jobId, task);
  }

  /** Runs an assigned task for its virtual duration, then tells the machine it finished. */
  run(jobId: string): void {
    const task = this.#tasks.get(jobId);
    if (!task) return;
    const runMs = taskDurationMs(task);
    const send = this.#host.sender();
    this.#host.clock.setTimeout(() => send({ type: 'task.finished', jobId, ok: runMs <= task.timeoutMs }), Math.min(runMs, task.timeoutMs));
  }

  /** The machine took a task's end: it is reported with the session in `context`. */
  finish(context: WorkerContext, jobId: string, ok: boolean): void {
    const task = this.#tasks.get(jobId);
    this.#tasks.delete(jobId);
    if (task) this.#report(context, task, ok, REPORT_TRIES);
  }

  /** Reports a task's result, retrying lost reports; a stale report is dropped by the registry. */
  #report(context: WorkerContext, task: Task, ok: boolean, triesLeft: number): void {
    const report = {
      workerId: context.workerId ?? '',
      epoch: context.epoch,
      sessionToken: context.sessionToken ?? '',
      jobId: task.jobId,
      attempt: task.attempt,
      ok,
      result: ok ? 'done' : 'timed out',
    };
    this.#host.call(
      (core, now) => core.run({ kind: 'reportTask', report: report }, now),
      (result) => {
        if (result.ok || triesLeft <= 1) return;
        const current = this.#host.incarnation();
        this.#host.clock.setTimeout(() => {
          if (current()) this.#report(context, task, ok, triesLeft - 1);
        }, REPORT_RETRY_MS);
      },
    );
  }
}

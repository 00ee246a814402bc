// The handle on a running worker agent: its state, events, and a graceful stop. It follows the
// machine's session to keep the Tasks stream on the current one, and releases the worker's
// servers and connection once the machine has stopped.
import type { EventEmitter } from 'node:events';
import type { Actor } from 'xstate';
import type { workerMachine, WorkerContext, WorkerError, WorkerEvent } from '../../machines/worker.machine.ts';
import type { TaskFeed } from './task-feed.ts';
import { leavingWith } from '../events/worker-transition.ts';
import { WorkerRefusedError } from './worker-refused-error.ts';

export interface WorkerNote {
  at: number;
  event: string;
  workerId: string | null;
  [field: string]: unknown;
}

interface Attachment {
  agentPort: number;
  httpPort: number | null;
  /** Longest a graceful stop may take: drain, then deregistration with its retries. */
  drainBudgetMs: number;
  release(): Promise<void>;
}

const SESSION_STATES = new Set(['active', 'reconnecting', 'draining']);

function topState(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0]!;
}

export class WorkerProcess {
  readonly #events: EventEmitter;
  readonly #onNote: ((note: WorkerNote) => void) | undefined;
  #actor: Actor<typeof workerMachine> | null = null;
  #attachment: Attachment | null = null;
  #state = 'starting';
  #released: Promise<void> | null = null;
  #stopAsked = false;
  errors = 0;

  constructor(events: EventEmitter, onNote?: (note: WorkerNote) => void) {
    this.#events = events;
    this.#onNote = onNote;
  }

  get state(): string {
    return this.#state;
  }

  get context(): WorkerContext | undefined {
    return this.#actor?.getSnapshot().context;
  }

  get workerId(): string | undefined {
    return this.context?.workerId;
  }

  get epoch(): number {
    return this.context?.epoch ?? 0;
  }

  /** Why the worker stopped on its own (a registration the registry refused for good). */
  get error(): WorkerError | undefined {
    return this.context?.error;
  }

  get agentPort(): number {
    return this.#attachment?.agentPort ?? 0;
  }

  get httpPort(): number | null {
    return this.#attachment?.httpPort ?? null;
  }

  attach(actor: Actor<typeof workerMachine>, feed: TaskFeed, attachment: Attachment): void {
    this.#actor = actor;
    this.#attachment = attachment;
    actor.subscribe((snapshot) => {
      const state = topState(snapshot.value);
      const { workerId, epoch, sessionToken, runningJobs } = snapshot.context;
      feed.follow(SESSION_STATES.has(state) && workerId && sessionToken ? { workerId, epoch, sessionToken } : null);
      if (state === this.#state) return;
      const from = this.#state;
      this.#state = state;
      this.note('worker.state', { from, to: state, epoch, ...leavingWith(state, runningJobs) });
      this.#events.emit('state', state, from);
      if (state !== 'stopped') return;
      void this.#release();
      if (!this.#stopAsked && snapshot.context.error) this.#refused(snapshot.context.error);
    });
  }

  send(event: WorkerEvent): void {
    const actor = this.#actor;
    if (actor && actor.getSnapshot().status === 'active') actor.send(event);
  }

  note(event: string, fields: Record<string, unknown> = {}): void {
    if (event === 'task.report.dropped' || event === 'registry.unreachable') this.errors++;
    this.#onNote?.({ at: Date.now(), event, workerId: this.workerId ?? null, ...fields });
  }

  /**
   * 'state': each change of the worker's state. 'error': the registry refused the worker for
   * good and it stopped (a WorkerRefusedError); as with any Node emitter, an 'error' nobody
   * listens for is thrown.
   */
  on(event: 'state', listener: (state: string, previous: string) => void): () => void;
  on(event: 'error', listener: (error: WorkerRefusedError) => void): () => void;
  on(event: 'state' | 'error', listener: ((state: string, previous: string) => void) | ((error: WorkerRefusedError) => void)): () => void {
    this.#events.on(event, listener);
    return () => this.#events.off(event, listener);
  }

  /** Emitted outside the machine's subscription, so a throw (no listener) is not swallowed by it. */
  #refused(error: WorkerError): void {
    const refusal = new WorkerRefusedError(error.code, error.message, this.workerId ?? null);
    setImmediate(() => this.#events.emit('error', refusal));
  }

  /** Resolves when the worker reaches `state`; rejects after `timeoutMs`. */
  waitFor(state: string, timeoutMs: number): Promise<void> {
    if (this.#state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`worker still ${this.#state}, not ${state}, after ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('state', (now) => {
        if (now !== state) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** SIGTERM: drain (running jobs finish), deregister, then release everything. */
  async stop(): Promise<void> {
    this.#stopAsked = true;
    this.send({ type: 'worker.stop' });
    const budget = this.#attachment?.drainBudgetMs ?? 0;
    await this.waitFor('stopped', budget).catch(() => this.note('worker.stop.forced', { afterMs: budget }));
    this.#actor?.stop();
    await this.#release();
  }

  #release(): Promise<void> {
    this.#released ??= this.#attachment ? this.#attachment.release() : Promise.resolve();
    return this.#released;
  }
}

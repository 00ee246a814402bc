// Keeps the worker's Tasks stream open for its current session: opened when a session starts,
// replaced when the session changes, reopened with backoff when it breaks, closed on stop.
// Every task it receives goes to `onTask`; the worker machine decides whether to run it.
import type { Task } from '../../machines/registry/registry.types.ts';
import type { Clock, TimerId } from '../clock/clock.ts';
import type { RegistryConnection, SessionRef } from '../grpc/registry-connection.ts';

const REOPEN_MIN_MS = 250;
const REOPEN_MAX_MS = 30_000;

export class TaskFeed {
  readonly #clock: Clock;
  readonly #connection: () => RegistryConnection | null;
  readonly #onTask: (task: Task) => void;
  #session: SessionRef | null = null;
  #stream: { close(): void } | null = null;
  #retry: TimerId | null = null;
  #failures = 0;

  constructor(clock: Clock, connection: () => RegistryConnection | null, onTask: (task: Task) => void) {
    this.#clock = clock;
    this.#connection = connection;
    this.#onTask = onTask;
  }

  /** Follows the worker's session: a new one (re)opens the stream, `null` closes it. */
  follow(session: SessionRef | null): void {
    const same =
      session !== null &&
      this.#session !== null &&
      session.workerId === this.#session.workerId &&
      session.epoch === this.#session.epoch &&
      session.sessionToken === this.#session.sessionToken;
    if (same) return;
    this.#close();
    this.#session = session;
    this.#failures = 0;
    if (session) this.#open(session);
  }

  stop(): void {
    this.follow(null);
  }

  #open(session: SessionRef): void {
    const connection = this.#connection();
    if (!connection) return;
    const stream = connection.tasks(
      session,
      (task) => {
        this.#failures = 0;
        this.#onTask(task);
      },
      () => {
        if (this.#stream !== stream || this.#session !== session) return;
        this.#stream = null;
        this.#failures++;
        const delay = Math.min(REOPEN_MAX_MS, REOPEN_MIN_MS * 2 ** Math.min(this.#failures - 1, 10));
        this.#retry = this.#clock.setTimeout(() => {
          this.#retry = null;
          if (this.#session === session) this.#open(session);
        }, delay);
      },
    );
    this.#stream = stream;
  }

  #close(): void {
    if (this.#retry !== null) this.#clock.clearTimeout(this.#retry);
    this.#retry = null;
    const stream = this.#stream;
    this.#stream = null;
    stream?.close();
  }
}

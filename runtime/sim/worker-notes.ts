// What the simulator logs of a worker's inner workings, beyond its top-level state (issue #21):
// its breaker's transitions (so a campaign's coverage shows them) and each retry with its delay
// and backoff cap (so the jitter invariant can see it), and the registry's retry-after when the
// failure that caused it gave one (`floorMs`), and each registration's first-heartbeat delay
// (`worker.first-beat`, so the stagger invariant can see it). One per worker incarnation.
import { backoffCapMs } from '../../machines/backoff.ts';
import type { WorkerContext } from '../../machines/worker.machine.ts';
import type { EventLog } from '../events/event-log.ts';

export class WorkerNotes {
  /** The breaker state last logged. */
  #breaker = 'closed';
  /** The worker's consecutive failed attempts, as last seen. */
  #attempt = 0;
  /** The retry-after of the last failed call, if it gave one. */
  #floor: number | undefined;
  /** The session epoch last seen: a new one is a registration adopted. */
  #epoch: number | undefined;

  readonly #node: string;
  readonly #log: EventLog;
  readonly #now: () => number;

  constructor(node: string, log: EventLog, now: () => number) {
    this.#node = node;
    this.#log = log;
    this.#now = now;
  }

  breaker(state: string, id: string | null): void {
    if (state === this.#breaker) return;
    this.#log.write(this.#now(), 'breaker', { node: this.#node, id, from: this.#breaker, to: state });
    this.#breaker = state;
  }

  failed(retryAfterMs: number | undefined): void {
    this.#floor = retryAfterMs;
  }

  /** Called with every snapshot: what changed since the last one. */
  seen(context: WorkerContext): void {
    this.#registered(context);
    this.#retries(context);
  }

  /** A registration adopted: the delay it drew before its first heartbeat, and the interval it was drawn in. */
  #registered(context: WorkerContext): void {
    if (context.epoch === 0 || context.epoch === this.#epoch) return;
    this.#epoch = context.epoch;
    this.#log.write(this.#now(), 'worker.first-beat', { node: this.#node, id: context.workerId ?? null, epoch: context.epoch, delayMs: context.nextHeartbeatDelayMs, intervalMs: context.heartbeatIntervalMs });
  }

  /** Logs a retry when the attempt count grew. */
  #retries(context: WorkerContext): void {
    if (context.attempt > this.#attempt) {
      const cap = backoffCapMs(context.config, context.attempt);
      this.#log.write(this.#now(), 'worker.retry', { node: this.#node, id: context.workerId ?? null, attempt: context.attempt, delayMs: context.retryDelayMs, capMs: cap, ...(this.#floor ? { floorMs: this.#floor } : {}) });
    }
    this.#attempt = context.attempt;
  }
}

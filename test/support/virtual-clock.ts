// A virtual clock for actors (XState's `Clock`): timers ordered by (due time, sequence), so
// equal deadlines fire in the order they were set. `advance(ms)` fires every timer due within
// the step, deadline by deadline, including timers set by the callbacks it runs (XState's
// SimulatedClock.increment fires only those due at the start of the step).
import type { ActorOptions, AnyActorLogic } from 'xstate';

/** XState's clock interface (not exported by name). */
export type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

interface Timer {
  dueMs: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements Clock {
  #nowMs = 0;
  #seq = 0;
  #timers = new Map<number, Timer>();

  now(): number {
    return this.#nowMs;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): number {
    this.#seq += 1;
    this.#timers.set(this.#seq, { dueMs: this.#nowMs + Math.max(0, timeoutMs), seq: this.#seq, fn });
    return this.#seq;
  }

  clearTimeout(id: unknown): void {
    this.#timers.delete(id as number);
  }

  /** Pending timers' due times, earliest first. */
  pending(): number[] {
    return [...this.#timers.values()].sort(byDue).map((timer) => timer.dueMs);
  }

  /** Moves time forward by `ms`, firing due timers in (due, sequence) order. */
  advance(ms: number): void {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      const next = this.#earliest();
      if (!next || next.dueMs > targetMs) break;
      this.#timers.delete(next.seq);
      this.#nowMs = next.dueMs;
      next.fn();
    }
    this.#nowMs = targetMs;
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || byDue(timer, best) < 0) best = timer;
    }
    return best;
  }
}

function byDue(a: Timer, b: Timer): number {
  return a.dueMs - b.dueMs || a.seq - b.seq;
}

// Virtual time for the simulator and tests. Timers fire in (due time, issue order): equal
// deadlines fire in the order they were set, as FoundationDB's simulator does. Nothing here
// reads the wall clock, so a run is as deterministic as the code it drives.
import type { Clock, TimerId } from './clock.ts';
import { TimerQueue } from './timer-queue.ts';

// A class, not an object literal: V8 pretenures a literal's allocation site once most of its
// objects outlive a scavenge, as the thousands of boot timers of a large simulation do, and then
// also allocates in the old generation every closure and request stored into a timer by the
// same optimised code. Each heartbeat then left about 1 KB of old-generation garbage and
// mark-compact GC took a third of the simulator's time (docs/performance.md, Simulator).
class Timer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  /** Neither fired nor cleared yet. */
  live = true;

  constructor(due: number, seq: number, fn: () => void) {
    this.due = due;
    this.seq = seq;
    this.fn = fn;
  }
}

const drainMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #queue: TimerQueue<Timer>;
  #pending = 0;

  constructor(startMs = 0) {
    this.#now = startMs;
    this.#queue = new TimerQueue(startMs);
  }

  now(): number {
    return this.#now;
  }

  get pending(): number {
    return this.#pending;
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    const timer = new Timer(this.#now + Math.max(0, delayMs), ++this.#seq, fn);
    this.#queue.add(timer);
    this.#pending++;
    return timer;
  }

  clearTimeout(id: TimerId): void {
    // A cleared timer stays in the queue and is skipped when it surfaces.
    if (!(id instanceof Timer) || !id.live) return;
    id.live = false;
    this.#pending--;
  }

  /** Fires every timer due up to and including `untilMs`, deadline by deadline. */
  runUntil(untilMs: number): void {
    for (let timer = this.#next(untilMs); timer; timer = this.#next(untilMs)) timer.fn();
    this.#now = Math.max(this.#now, untilMs);
  }

  /**
   * As `runUntil`, for code that awaits (the replicas' database calls are promises): after each
   * timer, every promise continuation it set off runs before the next timer fires, at the
   * virtual time it belongs to. `setImmediate` runs only once the microtask queue is empty; it
   * orders nothing itself, so a run stays as deterministic as its code.
   */
  async runUntilSettled(untilMs: number): Promise<void> {
    await drainMicrotasks();
    for (let timer = this.#next(untilMs); timer; timer = this.#next(untilMs)) {
      timer.fn();
      await drainMicrotasks();
    }
    this.#now = Math.max(this.#now, untilMs);
  }

  advance(ms: number): void {
    this.runUntil(this.#now + ms);
  }

  /** Takes the next live timer due by `untilMs` out of the queue and moves time to it; null when none is. */
  #next(untilMs: number): Timer | null {
    for (;;) {
      const timer = this.#queue.take(untilMs);
      if (!timer) return null;
      if (!timer.live) continue;
      timer.live = false;
      this.#pending--;
      this.#now = timer.due;
      return timer;
    }
  }
}

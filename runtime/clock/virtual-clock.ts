// Virtual time for the simulator and tests. Timers fire in (due time, issue order): equal
// deadlines fire in the order they were set, as FoundationDB's simulator does. Nothing here
// reads the wall clock, so a run is as deterministic as the code it drives.
import type { Clock, TimerId } from './clock.ts';

// A class, not an object literal: V8 pretenures a literal's allocation site once most of its
// objects outlive a scavenge, as the thousands of boot timers of a large simulation do, and then
// also allocates in the old generation every closure and request stored into a timer by the
// same optimised code. Each heartbeat then left about 1 KB of old-generation garbage and
// mark-compact GC took a third of the simulator's time (docs/performance.md, Simulator).
class Timer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;

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
  readonly #heap: Timer[] = [];
  readonly #live = new Map<TimerId, Timer>();

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  get pending(): number {
    return this.#live.size;
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    const timer = new Timer(this.#now + Math.max(0, delayMs), ++this.#seq, fn);
    this.#push(timer);
    this.#live.set(timer.seq, timer);
    return timer.seq;
  }

  clearTimeout(id: TimerId): void {
    // Cancelled timers stay in the heap and are skipped when they surface.
    this.#live.delete(id);
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

  /** Takes the next live timer due by `untilMs` off the heap and moves time to it; null when none is. */
  #next(untilMs: number): Timer | null {
    for (;;) {
      const top = this.#heap[0];
      if (!top || top.due > untilMs) return null;
      this.#pop();
      if (this.#live.get(top.seq) !== top) continue; // cancelled
      this.#live.delete(top.seq);
      this.#now = top.due;
      return top;
    }
  }

  #before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heap.length && this.#before(heap[l]!, heap[best]!)) best = l;
      if (r < heap.length && this.#before(heap[r]!, heap[best]!)) best = r;
      if (best === i) return;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  }
}

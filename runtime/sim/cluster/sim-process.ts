// A simulated OS process on the shared virtual clock: its timers, and the messages and database
// replies it receives, run only while it lives and is not stopped. SIGSTOP holds back
// everything that comes due until SIGCONT, which then runs it all at once and late, as a
// resumed process does; SIGKILL drops it all. Whatever a process awaits resolves only while
// it runs, so a paused replica cannot renew, write or answer anything.
import type { Clock, TimerId } from '../../clock/clock.ts';
import type { VirtualClock } from '../../clock/virtual-clock.ts';

export class SimProcess implements Clock {
  readonly name: string;
  readonly #clock: VirtualClock;
  #alive = true;
  #paused = false;
  #held: (() => void)[] = [];

  constructor(name: string, clock: VirtualClock) {
    this.name = name;
    this.#clock = clock;
  }

  get alive(): boolean {
    return this.#alive;
  }

  get paused(): boolean {
    return this.#paused;
  }

  now(): number {
    return this.#clock.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    return this.#clock.setTimeout(() => this.run(fn), delayMs);
  }

  clearTimeout(id: TimerId): void {
    this.#clock.clearTimeout(id);
  }

  /** Runs `fn` in this process: now, after a SIGCONT, or never (it was killed). */
  run(fn: () => void): void {
    if (!this.#alive) return;
    if (this.#paused) this.#held.push(fn);
    else fn();
  }

  /** SIGSTOP. */
  pause(): void {
    if (this.#alive) this.#paused = true;
  }

  /** SIGCONT: what came due meanwhile runs now, in order, each as its own step. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const held = this.#held;
    this.#held = [];
    for (const fn of held) this.#clock.setTimeout(() => this.run(fn), 0);
  }

  /** SIGKILL. */
  kill(): void {
    this.#alive = false;
    this.#paused = false;
    this.#held = [];
  }
}

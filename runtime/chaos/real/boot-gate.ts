// How many processes of a real-mode run may be booting at once. Node's own start-up costs a
// worker about a second of CPU; forty started together on two cores each took ~40 s to print a
// line, so a fixed deadline failed them for the machine's sake and the invariants judged
// workers that were still loading their modules. The gate lets in about one boot per core; the
// next one enters when a booting process says it is ready, or exits.
import { availableParallelism } from 'node:os';

export class BootGate {
  readonly slots: number;
  #inFlight = 0;
  readonly #queue: (() => void)[] = [];

  constructor(slots = availableParallelism()) {
    if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`a boot gate needs at least one slot, not ${slots}`);
    this.slots = slots;
  }

  /** Boots now in flight, and waiting for a slot. */
  get load(): { booting: number; waiting: number } {
    return { booting: this.#inFlight, waiting: this.#queue.length };
  }

  /** Waits for a slot (first come, first served); the function returned gives it back (again: no effect). */
  async enter(): Promise<() => void> {
    if (this.#inFlight < this.slots) this.#inFlight++;
    else await new Promise<void>((resolve) => this.#queue.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.#queue.shift();
      if (next) next();
      else this.#inFlight--;
    };
  }
}

/**
 * Real milliseconds a process that holds a boot slot may take to say it is ready before it is
 * taken for hung and killed. Not an estimate of a boot: readiness is its own signal, and with
 * the gate a boot shares the machine with at most one other per core; this only ends a wait
 * that would otherwise never end (a worker command that never listens).
 */
export const BOOT_GUARD_MS = 120_000;

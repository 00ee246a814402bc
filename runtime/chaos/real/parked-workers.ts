// Spare `rollcall worker` processes, loaded and waiting (`parked-worker.ts`), so that a script's
// `start` or `restart` of a built-in worker does not spend scenario time on Node's start-up.
// They are parked through the boot gate, one or two per core at a time.
import { BOOT_GUARD_MS, type BootGate } from './boot-gate.ts';
import { RollcallChild } from './child-process.ts';

export class ParkedWorkers {
  readonly #gate: BootGate;
  readonly #cwd: string;
  /** Parked, or being parked: a promise of each, in the order they will be handed out. */
  readonly #spares: Promise<RollcallChild>[] = [];
  /** Every process this pool started that has not been handed out, to kill at close. */
  readonly #own = new Set<RollcallChild>();
  #closed = false;

  constructor(gate: BootGate, cwd: string) {
    this.#gate = gate;
    this.#cwd = cwd;
  }

  /** Spares parked or on their way. */
  get size(): number {
    return this.#spares.length;
  }

  /** Starts parking until `count` spares are parked or on their way. */
  keep(count: number): void {
    while (!this.#closed && this.#spares.length < count) {
      const spare = this.#park();
      spare.catch(() => {}); // reported to whoever takes it
      this.#spares.push(spare);
    }
  }

  /** Waits until `count` spares are parked (before a script begins). */
  async ready(count: number): Promise<void> {
    this.keep(count);
    await Promise.all(this.#spares.slice(0, count));
  }

  /** The next spare, once parked (parking one if there is none); it is the caller's from then on. */
  async take(): Promise<RollcallChild> {
    for (;;) {
      this.keep(1);
      const child = await this.#spares.shift()!;
      this.#own.delete(child);
      if (child.running) return child;
    }
  }

  async #park(): Promise<RollcallChild> {
    const leave = await this.#gate.enter();
    try {
      if (this.#closed) throw new Error('the run is over');
      const child = new RollcallChild('parked-worker', this.#cwd);
      this.#own.add(child);
      await child.line((l) => l.includes('"worker.parked"'), BOOT_GUARD_MS, 'a parked rollcall worker did not load').catch(async (error: unknown) => {
        await child.stop('SIGKILL');
        throw error;
      });
      return child;
    } finally {
      leave();
    }
  }

  /** Kills every spare (parked or still loading). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#own].map((child) => child.stop('SIGKILL')));
  }
}

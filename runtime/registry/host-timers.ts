// The registry host's periodic timers on its Clock, all cleared at once when the registry stops
// (registry-host.ts: the sweeps, the reconnect monitor, the heartbeat write-behind).
import type { Clock, TimerId } from '../clock/clock.ts';

export class HostTimers {
  readonly #clock: Clock;
  readonly #pending = new Set<TimerId>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Calls `fire` every `periodMs`, each period after the last call, until it returns false or `clear()`. */
  every(periodMs: number, fire: () => boolean): void {
    const tick = (id: TimerId) => {
      this.#pending.delete(id);
      if (fire()) this.#later(tick, periodMs);
    };
    this.#later(tick, periodMs);
  }

  #later(fn: (id: TimerId) => void, delayMs: number): void {
    const id: TimerId = this.#clock.setTimeout(() => fn(id), delayMs);
    this.#pending.add(id);
  }

  clear(): void {
    for (const id of this.#pending) this.#clock.clearTimeout(id);
    this.#pending.clear();
  }
}

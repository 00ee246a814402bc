// When a fixed-rate load generator has caught up: the warm-up ends on it rather than after a
// fixed time. A server that has just started, or that a busy machine starves, falls behind in
// its first seconds (its code not yet compiled, its start-up garbage not yet collected), and
// the generator's latencies count from when each heartbeat was due: a backlog still being
// worked off when the window opens becomes the window's tail. On schedule means no heartbeat
// acked, or waiting (unsent or unanswered), later than LATE_MS after it was due, for a whole
// STEADY_MS.

/** A heartbeat acked this late (from when it was due) is a backlog's, not jitter's. */
export const LATE_MS = 100;
/** How long the generator must stay on schedule. */
export const STEADY_MS = 1000;
/** The generator stops waiting after this long and says it is still behind. */
export const STEADY_WAIT_MAX_MS = 30_000;

export class OnSchedule {
  #worst = 0;
  #since: number | null = null;

  /** An ack `latencyMs` after its heartbeat was due. */
  acked(latencyMs: number): void {
    if (latencyMs > this.#worst) this.#worst = latencyMs;
  }

  /**
   * Looks at what was acked since the last look and at `waitingMs`, how long the oldest heartbeat
   * still waiting has been due; true once on schedule for STEADY_MS up to `now`.
   */
  look(now: number, waitingMs: number): boolean {
    const late = waitingMs > LATE_MS || this.#worst > LATE_MS;
    this.#worst = 0;
    if (late) this.#since = null;
    else this.#since ??= now;
    return this.#since !== null && now - this.#since >= STEADY_MS;
  }
}

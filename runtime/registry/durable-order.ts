// A registry's effects (events, task dispatches) follow the store write they belong to. With a
// store that writes behind (PostgreSQL) a batch's effects wait until its write is durable, and
// for the batches before it; those of a write that failed are never performed. With a store
// that writes at once, and nothing still waiting, they run at once.
export class DurableOrder {
  #chain: Promise<void> = Promise.resolve();
  #waiting = 0;

  /**
   * Runs `perform` once `durable` settles (undefined: the write is already durable), after the
   * batches handed in before; a batch that had to wait runs only if `stillCurrent()` holds then.
   */
  after(durable: Promise<void> | undefined, perform: () => void, stillCurrent: () => boolean): void {
    if (!durable && this.#waiting === 0) return perform();
    this.#waiting++;
    this.#chain = this.#chain
      .then(() => durable)
      .then(() => {
        if (stillCurrent()) perform();
      })
      .catch(() => {})
      .finally(() => this.#waiting--);
  }
}

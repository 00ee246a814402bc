// A coarse timer wheel for a million deadlines without a live timer each. A member is filed
// under the bucket of its next deadline; a heartbeat only moves the deadline forward in the
// member's record. When a bucket comes due the registry re-reads each member's real deadline
// and either acts or files it again (lazy rescheduling), so a heartbeat costs no wheel work.

export class DeadlineWheel {
  readonly #resolution: number;
  readonly #buckets = new Map<number, string[]>();
  /** The bucket each member is filed under, so stale entries can be told apart. */
  readonly #filed = new Map<string, number>();
  #cursor: number;

  constructor(resolution: number, startAt: number) {
    this.#resolution = resolution;
    this.#cursor = Math.floor(startAt / resolution);
  }

  /** Files `id` to be looked at no earlier than `at` (rounded up to the wheel's resolution). */
  schedule(id: string, at: number): void {
    const bucket = Math.max(Math.ceil(at / this.#resolution), this.#cursor);
    const filed = this.#filed.get(id);
    if (filed !== undefined && filed <= bucket) return;
    this.#filed.set(id, bucket);
    const list = this.#buckets.get(bucket);
    if (list) list.push(id);
    else this.#buckets.set(bucket, [id]);
  }

  /**
   * Files every one of `ids` at `at`, as `schedule` would each: on a wheel with nothing filed, or
   * only in that same bucket (a restart's restore, in slices), that is one bucket and one map
   * write per member instead of four reads and writes. (Every filed member's bucket is a key of
   * `#buckets`, so with that one key there, every filed member is in it.)
   */
  scheduleAll(ids: Iterable<string>, at: number): void {
    const bucket = Math.max(Math.ceil(at / this.#resolution), this.#cursor);
    if (this.#filed.size > 0 && !(this.#buckets.size === 1 && this.#buckets.has(bucket))) {
      for (const id of ids) this.schedule(id, at);
      return;
    }
    const list = this.#buckets.get(bucket) ?? [];
    for (const id of ids) {
      const filed = this.#filed.size;
      this.#filed.set(id, bucket);
      if (this.#filed.size > filed) list.push(id); // an ID given twice is filed once
    }
    if (list.length > 0) this.#buckets.set(bucket, list);
  }

  cancel(id: string): void {
    this.#filed.delete(id);
  }

  /** Every member whose bucket is due at `now`, each once, in the order they were filed. */
  due(now: number): string[] {
    const last = Math.floor(now / this.#resolution);
    const out: string[] = [];
    for (; this.#cursor <= last; this.#cursor++) {
      const list = this.#buckets.get(this.#cursor);
      if (!list) continue;
      this.#buckets.delete(this.#cursor);
      for (const id of list) {
        if (this.#filed.get(id) === this.#cursor) {
          this.#filed.delete(id);
          out.push(id);
        }
      }
    }
    return out;
  }

  get size(): number {
    return this.#filed.size;
  }
}

// Records kept by ID in the order the database first wrote them (its `seq`), as a load lists
// them: a record written again keeps its place, one removed and written anew goes last.
interface Held<T> {
  seq: number;
  record: T;
}

export class RecordCopy<T> {
  readonly #held = new Map<string, Held<T>>();
  #lastSeq = -Infinity;
  /** Whether a record arrived out of `seq` order, so the listing must be sorted. */
  #unordered = false;

  get size(): number {
    return this.#held.size;
  }

  get(id: string): T | undefined {
    return this.#held.get(id)?.record;
  }

  put(id: string, seq: number, record: T): void {
    const held = this.#held.get(id);
    if (held?.seq === seq) return void (held.record = record);
    if (held) this.#held.delete(id);
    if (seq < this.#lastSeq) this.#unordered = true;
    this.#lastSeq = Math.max(this.#lastSeq, seq);
    this.#held.set(id, { seq, record });
  }

  /** Drops every record whose ID is not in `ids`. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#held.keys()) if (!ids.has(id)) this.#held.delete(id);
  }

  /** The records in `seq` order. */
  inOrder(): T[] {
    const held = [...this.#held.values()];
    if (this.#unordered) held.sort((a, b) => a.seq - b.seq);
    return held.map((h) => h.record);
  }
}

// The virtual clock's timers in (due, seq) order: a wheel of one-millisecond slots for what is
// due within the next 65.5 s, and a binary heap for anything later. A large simulation keeps
// one heartbeat timer per worker pending (10,000 of them) and sets and takes three timers per
// heartbeat; in the wheel each costs an append and an index step, where a heap sifted every
// timer through ~15 levels of comparisons (the clock's share of a heartbeat went from about
// 4 µs to under 1 µs, with timers as their own ids in runtime/clock/virtual-clock.ts).
//
// Order is kept without comparing seqs: a timer enters a slot when it is set, after every
// timer set before it, so a slot is already in seq order. A due with a fraction of a
// millisecond is inserted before later dues of its slot. Timers beyond the wheel wait in the
// heap and move into their slot the moment it comes within reach, before anything can be set
// there directly, so they stay ahead of later timers with the same due.

export interface Timed {
  readonly due: number;
  readonly seq: number;
}

const SLOTS = 1 << 16;
const MASK = SLOTS - 1;
/**
 * Slots come in pages of 256, each made the first time a timer lands in it (one array of
 * 65,536 takes milliseconds to make, and tests make thousands of clocks); time steps over a
 * page with nothing in it at once.
 */
const PAGE_BITS = 8;
const PAGE = 1 << PAGE_BITS;

export class TimerQueue<T extends Timed> {
  readonly #pages: (T[][] | undefined)[] = [];
  /** Timers in each page, taken ones excluded. */
  readonly #inPage = new Uint32Array(SLOTS >> PAGE_BITS);
  /** The millisecond whose slot is read; every timer in the wheel is due before cursor + SLOTS. */
  #cursor: number;
  /** How many timers of the cursor's slot have been taken. */
  #read = 0;
  #inWheel = 0;
  readonly #later: T[] = [];

  constructor(startMs: number) {
    this.#cursor = Math.floor(startMs);
  }

  add(timer: T): void {
    const ms = Math.floor(timer.due);
    if (ms - this.#cursor >= SLOTS) return heapPush(this.#later, timer);
    const index = ms & MASK;
    const slot = ((this.#pages[index >> PAGE_BITS] ??= [])[index & (PAGE - 1)] ??= []);
    let at = slot.length;
    while (at > 0 && slot[at - 1]!.due > timer.due) at--;
    if (at === slot.length) slot.push(timer);
    else slot.splice(at, 0, timer);
    this.#inWheel++;
    this.#inPage[index >> PAGE_BITS]!++;
  }

  /** Takes the first timer if it is due by `untilMs`; null when none is. */
  take(untilMs: number): T | null {
    for (;;) {
      const index = this.#cursor & MASK;
      const slot = this.#pages[index >> PAGE_BITS]?.[index & (PAGE - 1)];
      if (slot !== undefined && this.#read < slot.length) {
        const timer = slot[this.#read]!;
        if (timer.due > untilMs) return null;
        this.#read++;
        this.#inWheel--;
        this.#inPage[index >> PAGE_BITS]!--;
        return timer;
      }
      if (this.#cursor + 1 > untilMs) return null;
      if (slot !== undefined) slot.length = 0;
      this.#read = 0;
      this.#step(Math.floor(untilMs));
    }
  }

  /** Moves the cursor to the next slot that may hold a timer, no further than `limit`. */
  #step(limit: number): void {
    let next = this.#cursor + 1;
    if (this.#inWheel === 0) {
      const later = this.#later[0];
      next = Math.max(next, Math.min(limit, later ? Math.floor(later.due) : limit));
    } else {
      while (next < limit && (next & (PAGE - 1)) === 0 && this.#inPage[(next & MASK) >> PAGE_BITS] === 0) {
        next = Math.min(limit, next + PAGE);
      }
    }
    this.#cursor = next;
    const later = this.#later;
    while (later.length > 0 && Math.floor(later[0]!.due) - next < SLOTS) this.add(heapPop(later));
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function heapPush<T extends Timed>(heap: T[], timer: T): void {
  heap.push(timer);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) return;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function heapPop<T extends Timed>(heap: T[]): T {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length === 0) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
    if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
    if (best === i) return top;
    [heap[i], heap[best]] = [heap[best]!, heap[i]!];
    i = best;
  }
}

// A pure, seedable pseudo-random generator (mulberry32). Its whole state is one 32-bit
// number, so a machine can keep it in context and stay deterministic and serialisable.

export type RandomState = number;

/** Returns a float in [0, 1) and the next state. */
export function nextRandom(state: RandomState): [value: number, next: RandomState] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return [value, next];
}

/** Mixes a seed and a stream number into an independent starting state. */
export function seedRandom(seed: number, stream = 0): RandomState {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A stateful generator over the pure one, for code that owns its randomness. */
export class SeededRandom {
  #state: RandomState;

  constructor(seed: number, stream = 0) {
    this.#state = seedRandom(seed, stream);
  }

  next(): number {
    const [value, state] = nextRandom(this.#state);
    this.#state = state;
    return value;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** Where the registry core gets chance: IDs, secrets, tokens and jitter. */
export interface Chance {
  /** A float in [0, 1). */
  next(): number;
  /** An unguessable token (hex). The simulator's is seeded; production's is crypto-strong. */
  token(): string;
}

/** Chance from a seed: deterministic, for the simulator and tests. */
export class SeededChance extends SeededRandom implements Chance {
  token(): string {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return hex;
  }
}

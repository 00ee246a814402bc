// Retries are spread by jitter (docs/behaviour.md §2 Retries): a worker's backoff delay is
// drawn below its cap, so workers cut off together (a registry outage) do not all come back
// at the same instant. Each retry is logged with its delay and cap (`worker.retry`); a run in
// which every retry waited exactly its cap was not jittered. A delay above its cap waits out a
// time the registry named (a lock-out) and says nothing about jitter.
import { violation, type Invariant } from './invariant.ts';

/** Retries it takes to tell: with jitter, even two exact caps in a row are a one-in-millions chance. */
const ENOUGH = 4;

export const retriesJittered: Invariant = {
  name: 'retries-spread-by-jitter',
  check(entries) {
    const retries = entries.filter((e) => e.type === 'worker.retry' && typeof e.delayMs === 'number' && typeof e.capMs === 'number' && e.delayMs <= e.capMs);
    if (retries.length < ENOUGH || retries.some((e) => e.delayMs !== e.capMs)) return null;
    return violation(this.name, `all ${retries.length} retries waited exactly their backoff cap: no jitter spreads them`, retries[ENOUGH - 1]!);
  },
};

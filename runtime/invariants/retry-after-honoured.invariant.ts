// A worker's retry waits at least the retry-after the registry gave it (docs/behaviour.md §2
// Retries: the backoff never goes below a server's retry-after). The simulator logs each retry
// with the retry-after of the failure that caused it (`worker.retry`, `floorMs`).
import { violation, type Invariant } from './invariant.ts';

export const retryAfterHonoured: Invariant = {
  name: 'retry-after-honoured',
  check(entries) {
    for (const e of entries) {
      if (e.type !== 'worker.retry' || typeof e.floorMs !== 'number' || typeof e.delayMs !== 'number') continue;
      if (e.delayMs < e.floorMs) return violation(this.name, `${e.id ?? e.node} retried after ${e.delayMs} ms at ${e.t} ms, though the registry said to wait ${e.floorMs} ms`, e);
    }
    return null;
  },
};

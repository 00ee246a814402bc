// Lock-outs end when they should (docs/behaviour.md §1 Registration): after
// `registrationAttemptsMax` failed attempts for one worker ID (or
// `registrationAttemptsPerSourceMax` from one source address) further attempts are refused
// with RESOURCE_EXHAUSTED for `registrationLockout`, and no longer. A registration that
// succeeds clears its ID's count. The log shows every refusal (`registration.refused`).
import { violation, type Invariant } from './invariant.ts';
import { keysOf, LockoutLedger } from './lockouts.ts';

export const lockoutEnds: Invariant = {
  name: 'lock-outs-end-on-time',
  check(entries, bounds) {
    const ledger = new LockoutLedger(bounds);
    for (const e of entries) {
      if (e.type === 'registration.refused' && e.code === 'rate_limited') {
        const { id, source } = keysOf(e);
        if (!ledger.locked(id, e) && !ledger.locked(source, e)) {
          return violation(this.name, `a registration for ${e.id ?? 'no ID'} was refused as locked out at ${e.t} ms, but no lock-out held then`, e);
        }
      }
      ledger.see(e);
    }
    return null;
  },
};

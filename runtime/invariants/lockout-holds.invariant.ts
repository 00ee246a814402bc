// Lock-outs hold (docs/behaviour.md §1 Registration): once `registrationAttemptsMax` attempts
// for one worker ID have failed, a further attempt under that ID is refused as locked out
// (RESOURCE_EXHAUSTED) until `registrationLockout` has passed — it is not judged again. The
// registry checks the lock-out before the request's secret, and only the ID's valid secret
// passes it, and a valid secret is never refused as wrong: so a wrong-secret or invalid
// refusal under a locked ID means the lock-out did not hold. (lock-outs-end-on-time judges the
// other side: no lock-out refusal without a lock-out.)
import { violation, type Invariant } from './invariant.ts';
import { COUNTED, keysOf, LockoutLedger } from './lockouts.ts';

export const lockoutHolds: Invariant = {
  name: 'lock-outs-hold',
  check(entries, bounds) {
    const ledger = new LockoutLedger(bounds);
    for (const e of entries) {
      if (e.type === 'registration.refused' && COUNTED.has(String(e.code)) && ledger.locked(keysOf(e).id, e)) {
        return violation(this.name, `a registration for ${e.id} was refused as ${e.code} at ${e.t} ms while its ID was locked out: it should have been refused as locked out`, e);
      }
      ledger.see(e);
    }
    return null;
  },
};

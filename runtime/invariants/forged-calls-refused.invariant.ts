// Forged calls are refused with the right answer (docs/behaviour.md §1 Heartbeats,
// Deregistration): a call with its session's epoch and a wrong token is `unauthenticated` —
// unless the member failed or left, whose worker is told to register again; a
// call naming an older session is told to register again (`failed_precondition`, not
// `superseded`: no other process took the session over); a deregistration without force while
// jobs run is refused (`failed_precondition`), and so is a result naming an attempt its job is
// not on (§3: a result is accepted only for the attempt it was reported for). The simulator logs each call it forges
// (`forged.call`, runtime/chaos/sim/forged-calls.ts) with the answer's code.
import { violation, type Invariant } from './invariant.ts';

const live = (state: unknown) => state === 'active' || state === 'unhealthy';

/** The code a forged call must get: only a live session can be wrong about its token; a dead one is told to register again. */
function expected(call: string, state: unknown): string | undefined {
  if (call === 'wrong-token') return live(state) ? 'unauthenticated' : 'failed_precondition';
  return call === 'old-session' || call === 'deregister-without-force' || call === 'other-attempt' ? 'failed_precondition' : undefined;
}

export const forgedCallsRefused: Invariant = {
  name: 'forged-calls-refused',
  check(entries) {
    for (const e of entries) {
      if (e.type !== 'forged.call' || typeof e.call !== 'string') continue;
      // A deregistration of a live member without jobs may go through.
      if (e.call === 'deregister-without-force' && e.jobs === 0 && live(e.state)) continue;
      const want = expected(e.call, e.state);
      if (want && e.code !== want) return violation(this.name, `a forged ${e.call} call of ${e.id} (epoch ${e.epoch}, ${e.state}) at ${e.t} ms was answered ${e.code}, not ${want}`, e);
    }
    return null;
  },
};

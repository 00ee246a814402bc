// Unknown workers, and workers whose session is gone, are told to register again
// (docs/behaviour.md §1 Heartbeats, §2): a registry that forgets a member (an operator's
// `unregister`), or that failed it or made it inactive, while its worker keeps running answers
// the worker's next call with *re-register*, and the worker registers again under its ID.
import { comesBack } from './comes-back.ts';

/** Member states whose session is gone: the worker's next call is told to register again. */
const ENDED = new Set(['failed', 'inactive']);

export const forgottenWorkerReturns = comesBack('forgotten-worker-registers-again', (e) => e.type === 'member.removed' || (e.type === 'member' && ENDED.has(String(e.to))));

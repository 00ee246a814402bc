// A call with the current epoch but not its session's token is refused as unauthenticated, and
// the answer says so (docs/behaviour.md §1): the worker's log shows why it was refused.
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry } from '../../support/registry-harness.ts';

describe('a wrong session token', () => {
  it('is refused as unauthenticated, naming the worker', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'w-7' });
    const refused = err(beat(r, { ...a, sessionToken: `${a.sessionToken}x` }, 1));
    expect(refused).toMatchObject({ code: 'unauthenticated', message: 'wrong session token for w-7' });
  });
});

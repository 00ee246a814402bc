// Work the runtime holds for a member that an operator removes meanwhile (docs/behaviour.md §1,
// §5): a heartbeat time not yet written behind is dropped with it, and a dial-in that ends after
// the removal changes nothing. What is written behind is handed out once.
import { describe, expect, it } from 'vitest';
import { beat, join, makeRegistry, ok } from '../../support/registry-harness.ts';

describe('a member removed while the runtime holds work for it', () => {
  it('its heartbeat time is not written behind; the rest are, once', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    const b = join(r, 0, { workerId: 'b' });
    ok(beat(r, a, 1));
    ok(beat(r, b, 2));
    ok(r.run({ kind: 'unregister', workerId: 'a' }, 3));
    expect(r.takeHeartbeatWrites()).toEqual([{ memberId: 'b', lastHeartbeatAt: 2 }]);
    expect(r.takeHeartbeatWrites()).toEqual([]);
  });

  it('a dial-in that ends after the removal is dropped', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a' });
    ok(r.run({ kind: 'unregister', workerId: 'a' }, 1));
    r.takeEffects();
    expect(r.run({ kind: 'dialed', memberId: 'a', ok: false }, 2)).toBeUndefined();
    expect(r.member('a')).toBeUndefined();
    expect(r.takeEffects()).toEqual([]);
  });
});

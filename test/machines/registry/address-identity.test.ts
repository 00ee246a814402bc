// Identity by agent address and how it lives with worker secrets (seed 001, issue #16 item 2):
// an agent that knows nothing of secrets is its address; a worker that holds a secret needs it;
// no registration ever blanks another member's address.
import { describe, expect, it } from 'vitest';
import { err, join, makeRegistry, member, ok, request, snapshotOf } from '../../support/registry-harness.ts';

const loop = () => request({ name: 'loop', maxConcurrentJobs: 1, address: '127.0.0.1:46991' });

describe('registry: identity by address (seed 001)', () => {
  it('five registrations without ID or secret from one address: created once, then the same member', () => {
    const r = makeRegistry();
    const first = ok(r.run({ kind: 'register', request: loop() }, 1_000));
    expect(first).toMatchObject({ workerId: 'w-1', reRegistered: false, epoch: 1, registeredAt: 1_000 });
    for (let i = 2; i <= 5; i++) {
      const again = ok(r.run({ kind: 'register', request: loop() }, i * 1_000));
      expect(again).toMatchObject({ workerId: 'w-1', reRegistered: true, epoch: i, registeredAt: 1_000 });
      expect(again.workerSecret).toBeUndefined();
    }
    expect(r.memberCount).toBe(1);
    expect(member(r, 'w-1')).toMatchObject({ address: '127.0.0.1:46991', addressIdentity: true });
  });

  it('once the worker shows the secret it was issued, its address alone no longer identifies it', () => {
    const r = makeRegistry();
    const first = ok(r.run({ kind: 'register', request: loop() }, 0));
    ok(r.run({ kind: 'register', request: { ...loop(), workerSecret: first.workerSecret } }, 1_000));
    expect(member(r, 'w-1').addressIdentity).toBe(false);
    expect(err(r.run({ kind: 'register', request: loop() }, 2_000)).code).toBe('permission_denied');
    expect(ok(r.run({ kind: 'register', request: { ...loop(), workerSecret: first.workerSecret } }, 3_000))).toMatchObject({ workerId: 'w-1', epoch: 3 });
  });

  it('a worker with a secret of its own is never identified by its address alone', () => {
    const r = makeRegistry();
    const own = join(r, 0, { address: 'h:5', workerSecret: 'own' });
    expect(member(r, own.workerId).addressIdentity).toBe(false);
    expect(err(r.run({ kind: 'register', request: request({ address: 'h:5' }) }, 1_000)).code).toBe('permission_denied');
    expect(member(r, own.workerId).ctx.epoch).toBe(1);
  });

  it('another worker with its own secret at a held address is a new member; the holder keeps its address', () => {
    const r = makeRegistry();
    const held = ok(r.run({ kind: 'register', request: loop() }, 0));
    const other = ok(r.run({ kind: 'register', request: { ...loop(), workerSecret: 'another-worker' } }, 1_000));
    expect(other).toMatchObject({ workerId: 'w-2', reRegistered: false });
    expect(member(r, held.workerId)).toMatchObject({ address: '127.0.0.1:46991', addressTaken: true });
    expect(r.memberAt('127.0.0.1:46991')?.id).toBe('w-2');
    // Registering with its address again, the first holder takes it back.
    ok(r.run({ kind: 'register', request: { ...loop(), workerId: 'w-1', workerSecret: held.workerSecret } }, 2_000));
    expect(r.memberAt('127.0.0.1:46991')?.id).toBe('w-1');
    expect(member(r, 'w-1').addressTaken).toBe(false);
    expect(member(r, 'w-2')).toMatchObject({ address: '127.0.0.1:46991', addressTaken: true });
  });

  it('a restart keeps which member holds a shared address', () => {
    const before = makeRegistry();
    ok(before.run({ kind: 'register', request: loop() }, 0));
    ok(before.run({ kind: 'register', request: { ...loop(), workerSecret: 'another-worker' } }, 1_000));
    const snapshot = { ...snapshotOf(before), jobs: [] };
    const after = makeRegistry({}, 2_000, snapshot);
    expect(after.memberAt('127.0.0.1:46991')?.id).toBe('w-2');
    expect(after.member('w-1')?.addressTaken).toBe(true);
    expect(err(after.run({ kind: 'register', request: loop() }, 3_000)).message).toContain('belongs to worker w-2');
  });
});

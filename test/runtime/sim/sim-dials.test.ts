// The simulator's dial-ins: each holds one connection to its node from its start until it
// answers, runs out or is cancelled; a stopped worker takes an Attach only once resumed, and
// only if the dial is still open then (a real dialer sends it once the worker's HTTP/2 answers).
import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '../../../machines/registry/member-table.ts';
import { emptyFaultPlan } from '../../../runtime/sim/fault-plan.ts';
import { buildWorld } from '../../../runtime/sim/simulation.ts';

const DIAL_TIMEOUT_MS = 3_000;

function world() {
  const w = buildWorld({ workers: 1, nodes: [{ name: 'n1' }], durationMs: 0, seed: 1, faults: emptyFaultPlan(), registryConfig: { dialTimeoutMs: DIAL_TIMEOUT_MS } });
  w.registry.start();
  const worker = w.byNode.get('n1')!;
  worker.boot(false); // attach-only: waits to be dialled in
  const member = { address: worker.address } as MemberRecord;
  const dial = (signal?: AbortSignal) => {
    const outcome: { ok?: boolean } = {};
    w.dials.dial(member, (ok) => (outcome.ok = ok), signal);
    return outcome;
  };
  return { ...w, worker, dial };
}

describe('SimDials', () => {
  it('holds a connection while the dial is in flight, and none once it is answered', () => {
    const { clock, dials, worker, dial } = world();
    const outcome = dial();
    expect(dials.open('n1')).toBe(1);
    clock.runUntil(1_000);
    expect(outcome.ok).toBe(true);
    expect(dials.open('n1')).toBe(0);
    expect(worker.state).toBe('active');
  });

  it('to a stopped worker: runs out at its deadline, and the worker resumed later never takes it', () => {
    const { clock, dials, worker, dial } = world();
    worker.pause();
    const outcome = dial();
    clock.runUntil(DIAL_TIMEOUT_MS - 1);
    expect(dials.open('n1')).toBe(1);
    clock.runUntil(DIAL_TIMEOUT_MS + 1);
    expect(outcome.ok).toBe(false);
    expect(dials.open('n1')).toBe(0);
    worker.resume();
    clock.runUntil(10_000);
    expect(worker.state).toBe('starting');
  });

  it('to a stopped worker resumed while the dial is open: taken late, and answered', () => {
    const { clock, worker, dial } = world();
    worker.pause();
    const outcome = dial();
    clock.runUntil(1_000);
    worker.resume();
    clock.runUntil(2_000);
    expect(outcome.ok).toBe(true);
    expect(worker.state).toBe('active');
  });

  it('cancelled: lets go of its connection at once and never answers', () => {
    const { clock, dials, worker, dial } = world();
    worker.pause();
    const cancel = new AbortController();
    const outcome = dial(cancel.signal);
    cancel.abort('the member was removed');
    expect(dials.open('n1')).toBe(0);
    worker.resume();
    clock.runUntil(10_000);
    expect(outcome.ok).toBeUndefined();
    expect(worker.state).toBe('starting');
  });
});

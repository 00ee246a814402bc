// The worker machine and dial-ins from the registry it already talks to (issue #16): such a
// dial-in makes the worker check its session, never open a second one. A worker frozen until it
// failed came back with its own re-registration and a dial-in that had been in flight, and the
// two made sessions 2, 3 and 4 within 50 ms, each requeueing the last one's jobs.
import { describe, expect, it } from 'vitest';
import { activeWorker, registered } from '../support/worker-harness.ts';
import { hbFailed, noJitter, reconnectingWorker, registering } from '../support/worker-cases.ts';

const dialIn = { type: 'worker.attached', endpoint: 'registry:50051', sameRegistry: true } as const;

describe('worker: a dial-in from the registry it already talks to', () => {
  it('while a registration is in flight sends no second one', () => {
    const w = registering({ config: noJitter });
    w.send(dialIn);
    w.send(dialIn);
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('sendRegister')).toBe(1);
    w.send(registered({ epoch: 2 }));
    expect(w.value()).toBe('active');
    expect(w.ctx().epoch).toBe(2);
  });

  it('in active changes nothing: its heartbeats already check the session', () => {
    const w = activeWorker();
    const loop = w.loop();
    w.send(dialIn);
    expect(w.value()).toBe('active');
    expect(w.running()).toEqual([loop]);
    expect(w.count('sendRegister')).toBe(1);
  });

  it('while reconnecting probes the session at once, and only registers if the registry says it is gone', () => {
    const w = reconnectingWorker({ config: noJitter });
    expect(w.value()).toEqual({ reconnecting: 'backoff' });
    w.send(dialIn);
    expect(w.value()).toEqual({ reconnecting: 'probing' });
    expect(w.count('sendHeartbeat')).toBe(1);
    w.send(dialIn);
    expect(w.count('sendHeartbeat')).toBe(1);
    w.send(hbFailed('FAILED_PRECONDITION'));
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('sendRegister')).toBe(2);
  });

  it('a frozen worker coming back: its own re-registration and two dial-ins in flight make one session', () => {
    const w = activeWorker();
    // Resumed: the beat that was due finds the session failed, and two dial-ins land.
    w.loop().sendBack(hbFailed('FAILED_PRECONDITION'));
    w.send(dialIn);
    w.send(dialIn);
    w.send(registered({ epoch: 2, sessionToken: 'token-2', reRegistered: true }));
    w.send(dialIn);
    expect(w.value()).toBe('active');
    expect(w.count('sendRegister')).toBe(2); // the first registration, and the one return
    expect(w.ctx()).toMatchObject({ epoch: 2, sessionToken: 'token-2' });
  });

  it('from another registry still registers there at once', () => {
    const w = activeWorker();
    w.send({ ...dialIn, endpoint: 'r2:50051', sameRegistry: false });
    expect(w.value()).toEqual({ registering: 'sending' });
    expect(w.count('sendRegister')).toBe(2);
  });
});

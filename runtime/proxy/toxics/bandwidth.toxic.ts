// bandwidth: at most `rate` KB/s (1 KB = 1000 bytes), released in slices of 100 ms worth.
// A time debt, paid with measured sleeps, carries over between chunks and slices, so timer
// overshoot does not lower the rate.
import type { Stub, ToxicKind } from './toxic.ts';

const SLICE_MS = 100;

// Sleeps `waitMs` (if positive) and reports the time actually slept; false if interrupted.
async function payDebt(stub: Stub, waitMs: number, paid: (ms: number) => void): Promise<boolean> {
  if (waitMs <= 0) return true;
  const start = stub.now();
  const completed = await stub.sleep(waitMs);
  paid(stub.now() - start);
  return completed;
}

export const bandwidth: ToxicKind<{ rate: number }> = {
  type: 'bandwidth',
  goStruct: 'BandwidthToxic',
  defaults: { rate: 0 },
  // Toxiproxy panics on a negative rate; rate 0 is a stall (data held until interrupted).
  check: ({ rate }) => (rate < 0 ? 'bandwidth rate must not be negative' : undefined),
  async pipe(stub, { rate }) {
    let debtMs = 0;
    for (;;) {
      const chunk = await stub.read();
      if (chunk === 'interrupted' || chunk === 'timeout') return;
      if (chunk === 'eof') return stub.close();
      if (rate <= 0) {
        await stub.sleep(Infinity);
        stub.write(chunk);
        return;
      }
      let rest = chunk.data;
      debtMs += rest.length / rate;
      const sliceBytes = rate * SLICE_MS;
      while (rest.length > sliceBytes) {
        // Wait until this slice is paid for; measuring real sleeps absorbs timer overshoot.
        if (!(await payDebt(stub, debtMs - (rest.length - sliceBytes) / rate, (ms) => (debtMs -= ms)))) {
          stub.write({ data: rest, at: chunk.at });
          return;
        }
        stub.write({ data: rest.subarray(0, sliceBytes), at: chunk.at });
        rest = rest.subarray(sliceBytes);
      }
      const slept = await payDebt(stub, debtMs, (ms) => (debtMs -= ms));
      stub.write({ data: rest, at: chunk.at });
      if (!slept) return;
    }
  },
};

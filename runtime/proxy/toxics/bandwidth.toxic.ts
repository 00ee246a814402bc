// bandwidth: at most `rate` KB/s (1 KB = 1000 bytes), released in slices of 100 ms worth.
// A time debt carries over between chunks so timer overshoot does not lower the rate.
import type { ToxicKind } from './toxic.ts';

const SLICE_MS = 100;

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
        if (!(await stub.sleep(SLICE_MS))) {
          stub.write({ data: rest, at: chunk.at });
          return;
        }
        stub.write({ data: rest.subarray(0, sliceBytes), at: chunk.at });
        rest = rest.subarray(sliceBytes);
        debtMs -= SLICE_MS;
      }
      const start = stub.now();
      const slept = debtMs > 0 ? await stub.sleep(debtMs) : true;
      debtMs -= stub.now() - start;
      stub.write({ data: rest, at: chunk.at });
      if (!slept) return;
    }
  },
};

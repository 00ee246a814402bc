// latency: each chunk leaves `latency` ± `jitter` ms after it was read from the source.
// Pipelined, not cumulative: a chunk that already waited in the queue waits only the rest.
import type { ToxicKind } from './toxic.ts';

export interface LatencyAttributes extends Record<string, number> {
  latency: number;
  jitter: number;
}

export const latency: ToxicKind<LatencyAttributes> = {
  type: 'latency',
  goStruct: 'LatencyToxic',
  defaults: { latency: 0, jitter: 0 },
  async pipe(stub, { latency: latencyMs, jitter: jitterMs }) {
    for (;;) {
      const chunk = await stub.read();
      if (chunk === 'interrupted' || chunk === 'timeout') return;
      if (chunk === 'eof') return stub.close();
      const jitter = jitterMs > 0 ? Math.floor(stub.random() * 2 * jitterMs) - jitterMs : 0;
      const waitMs = latencyMs + jitter - (stub.now() - chunk.at);
      if (waitMs > 0) {
        const slept = await stub.sleep(waitMs);
        chunk.at += waitMs;
        stub.write(chunk);
        if (!slept) return;
      } else {
        stub.write(chunk);
      }
    }
  },
};

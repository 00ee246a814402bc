// limit_data: lets `bytes` bytes through on this link, then closes. The count survives
// updates of the toxic; bytes 0 closes at the first chunk, forwarding nothing.
import type { ToxicKind } from './toxic.ts';

export const limitData: ToxicKind<{ bytes: number }> = {
  type: 'limit_data',
  goStruct: 'LimitDataToxic',
  defaults: { bytes: 0 },
  async pipe(stub, { bytes }) {
    for (;;) {
      const chunk = await stub.read();
      if (chunk === 'interrupted' || chunk === 'timeout') return;
      if (chunk === 'eof') return stub.close();
      const sent = stub.state.transmitted ?? 0;
      const allowed = Math.max(0, bytes - sent);
      const data = allowed < chunk.data.length ? chunk.data.subarray(0, allowed) : chunk.data;
      if (data.length > 0) {
        stub.write({ data, at: chunk.at });
        stub.state.transmitted = sent + data.length;
      }
      if ((stub.state.transmitted ?? 0) >= bytes) return stub.close();
    }
  },
};

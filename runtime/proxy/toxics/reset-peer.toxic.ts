// reset_peer: at the first chunk (or EOF) in its direction, drops it, waits `timeout` ms and
// closes. The connection has linger 0 set, so the close is an RST both peers see as ECONNRESET.
import type { ToxicKind } from './toxic.ts';

export const resetPeer: ToxicKind<{ timeout: number }> = {
  type: 'reset_peer',
  goStruct: 'ResetToxic',
  defaults: { timeout: 0 },
  async pipe(stub, { timeout: timeoutMs }) {
    const first = await stub.read();
    if (first === 'interrupted' || first === 'timeout') return;
    // Like Toxiproxy, the reset goes ahead even if the wait is cut short by an update.
    if (timeoutMs > 0) await stub.sleep(timeoutMs);
    stub.close();
  },
};

// timeout: drops all data in its direction; closes the connection after `timeout` ms without
// data arriving (each chunk restarts the timer). timeout 0: drop for ever, never close.
// Removing it closes the connection too (done by the link: see Link.remove).
import type { ToxicKind } from './toxic.ts';

export const timeout: ToxicKind<{ timeout: number }> = {
  type: 'timeout',
  goStruct: 'TimeoutToxic',
  defaults: { timeout: 0 },
  async pipe(stub, { timeout: timeoutMs }) {
    for (;;) {
      const chunk = await stub.read(timeoutMs > 0 ? timeoutMs : undefined);
      if (chunk === 'interrupted') return;
      if (chunk === 'eof' || chunk === 'timeout') return stub.close();
    }
  },
};

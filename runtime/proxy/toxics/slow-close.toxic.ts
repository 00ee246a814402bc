// slow_close: data passes unchanged; when the source ends, the close waits `delay` ms.
import type { ToxicKind } from './toxic.ts';

export const slowClose: ToxicKind<{ delay: number }> = {
  type: 'slow_close',
  goStruct: 'SlowCloseToxic',
  defaults: { delay: 0 },
  async pipe(stub, { delay: delayMs }) {
    for (;;) {
      const chunk = await stub.read();
      if (chunk === 'interrupted' || chunk === 'timeout') return;
      if (chunk === 'eof') {
        // Interrupted: EOF stays queued, so the next run (or removal) closes at once.
        if (await stub.sleep(delayMs)) stub.close();
        return;
      }
      stub.write(chunk);
    }
  },
};

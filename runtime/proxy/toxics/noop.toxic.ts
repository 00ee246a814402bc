// noop: passes everything through. Also what any toxic runs as when its toxicity draw fails.
import type { Stub, ToxicKind } from './toxic.ts';

async function passThrough(stub: Stub): Promise<void> {
  for (;;) {
    const read = await stub.read();
    if (read === 'interrupted' || read === 'timeout') return;
    if (read === 'eof') return stub.close();
    stub.write(read);
  }
}

export const noop: ToxicKind<Record<string, never>> = {
  type: 'noop',
  goStruct: 'NoopToxic',
  defaults: {},
  pipe: passThrough,
};

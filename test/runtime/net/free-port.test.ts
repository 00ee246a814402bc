// freePort hands out ports below the ephemeral range (so no outgoing connection's source port can
// take one before its process binds it), each bindable, none twice.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freePort } from '../../../runtime/net/free-port.ts';

describe('freePort', () => {
  it('gives distinct, bindable ports below the ephemeral range', async () => {
    const low = ephemeralLow();
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(low);
    }
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

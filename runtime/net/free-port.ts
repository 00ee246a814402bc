// A TCP port free on loopback right now, for a process that must be told its port before it
// starts (a user's worker, PostgreSQL, etcd). Another process may still take it before the
// caller binds it; harnesses that need certainty bind port 0 themselves.
//
// The port is drawn below the kernel's ephemeral range (Linux: ip_local_port_range, 32768 and
// up by default). A port from that range (what binding port 0 gives) is what the kernel hands
// out as the source port of every outgoing connection, so on a run with many connections (forty
// workers, their proxies, the registry's dial-ins) it could be taken by one of them before the
// process that was told it could listen: a real-mode worker then died with EADDRINUSE.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;
const TRIES = 50;
/** Ports this process handed out lately: not handed out twice before they are bound. */
const handedOut = new Set<number>();

/** The first port of the ephemeral range (32768, Linux's default, where it cannot be read). */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  for (let i = 0; i < TRIES; i++) {
    const port = randomInt(LOWEST, high);
    if (handedOut.has(port)) continue;
    if ((await bindable(port)) === null) continue;
    handedOut.add(port);
    if (handedOut.size > 4_096) handedOut.delete(handedOut.values().next().value!);
    return port;
  }
  const port = await bindable(0); // every try was taken: any free port, as the kernel picks it
  if (port === null) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

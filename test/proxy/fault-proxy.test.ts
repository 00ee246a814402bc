// The scenario wrapper over toxiproxy-node-client, in-process and against an external server
// named by TOXIPROXY_URL (here a child `rollcall proxy`, standing in for a real Toxiproxy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxies } from '../../runtime/proxy/fault-proxy.ts';
import { spawnProxyServer, type ProxyProcess } from '../../runtime/proxy/proxy-process.ts';
import { http, Probe, sleep, startUpstream, type Upstream } from './helpers.ts';

let echo: Upstream;
beforeAll(async () => {
  echo = await startUpstream();
});
afterAll(() => echo.close());

async function roundTrip(probe: Probe, text: string): Promise<number> {
  const start = probe.elapsed();
  probe.socket.write(text);
  return (await probe.waitFor(probe.received.length + text.length)) - start;
}

describe('FaultProxies in-process', () => {
  it('injects latency, partitions, heals and cleans up', async () => {
    const faults = await FaultProxies.open({});
    try {
      const proxy = await faults.create('db', echo.address);
      expect(proxy.host).toBe('127.0.0.1');
      await proxy.latency(150);
      await proxy.latency(120); // updates in place rather than failing with 409
      const slow = new Probe(proxy.port);
      expect(await roundTrip(slow, 'a')).toBeGreaterThanOrEqual(115);
      await proxy.partition();
      expect((await slow.ending).how).toBe('end');
      expect((await new Probe(proxy.port).ending).how).toBe('refused');
      await proxy.heal();
      const healed = new Probe(proxy.port);
      expect(await roundTrip(healed, 'b')).toBeLessThan(100);
      healed.close();
    } finally {
      await faults.close();
    }
  });

  it('blackholes without closing, and resets peers', async () => {
    const faults = await FaultProxies.open({});
    try {
      const proxy = await faults.create('svc', echo.address);
      await proxy.blackhole();
      const probe = new Probe(proxy.port);
      probe.socket.write('x');
      await sleep(200);
      expect(probe.received.length).toBe(0);
      expect(probe.socket.destroyed).toBe(false);
      await proxy.clear();
      expect((await probe.ending).how).toBe('end');
      await proxy.resetPeer();
      const reset = new Probe(proxy.port);
      await reset.connected;
      reset.socket.write('y');
      expect((await reset.ending).how).toBe('reset');
      await proxy.clear();
      await proxy.bandwidth(100);
      await proxy.timeout(1000);
    } finally {
      await faults.close();
    }
  });
});

describe('FaultProxies with TOXIPROXY_URL', () => {
  let external: ProxyProcess;
  beforeAll(async () => {
    external = await spawnProxyServer();
  });
  afterAll(() => external.close());

  it('talks to the server the variable names and removes its proxies on close', async () => {
    const saved = process.env.TOXIPROXY_URL;
    process.env.TOXIPROXY_URL = `${external.url}/`;
    try {
      const faults = await FaultProxies.open();
      expect(faults.url).toBe(external.url);
      const proxy = await faults.create('ext', echo.address);
      await proxy.latency(100);
      const listed = (await http(`${external.url}/proxies/ext/toxics`)).json as { name: string }[];
      expect(listed.map((toxic) => toxic.name)).toEqual(['latency_downstream']);
      await faults.close();
      expect((await http(`${external.url}/proxies`)).json).toEqual({});
    } finally {
      if (saved === undefined) delete process.env.TOXIPROXY_URL;
      else process.env.TOXIPROXY_URL = saved;
    }
  });
});

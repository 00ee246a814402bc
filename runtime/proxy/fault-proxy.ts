// The face scenarios use: named faults on a proxy in front of an upstream, driven through
// toxiproxy-node-client so the same code works against rollcall's server or a real Toxiproxy.
// With TOXIPROXY_URL set, FaultProxies talks to that server; otherwise it starts one in-process.
import { type Proxy, Toxiproxy, type ToxicType } from 'toxiproxy-node-client';
import { startProxyServer, type ProxyServer } from './proxy-server.ts';
import type { Direction } from './toxic-spec.ts';

export interface FaultProxiesOptions {
  // Toxiproxy API base URL; default process.env.TOXIPROXY_URL, else an in-process server.
  url?: string;
}

export class FaultProxies {
  readonly url: string;
  readonly client: Toxiproxy;
  private readonly owned: ProxyServer | undefined;
  private readonly created: FaultProxy[] = [];

  private constructor(url: string, owned: ProxyServer | undefined) {
    this.url = url;
    this.client = new Toxiproxy(url);
    this.owned = owned;
  }

  static async open(options: FaultProxiesOptions = {}): Promise<FaultProxies> {
    const url = options.url ?? process.env.TOXIPROXY_URL;
    if (url) return new FaultProxies(url.replace(/\/+$/, ''), undefined);
    const server = await startProxyServer({ host: '127.0.0.1', port: 0 });
    return new FaultProxies(server.url, server);
  }

  // A proxy named `name` listening on `listen` (default: a free loopback port) for `upstream`.
  async create(name: string, upstream: string, listen = '127.0.0.1:0'): Promise<FaultProxy> {
    const proxy = new FaultProxy(this.client, await this.client.createProxy({ name, upstream, listen, enabled: true }));
    this.created.push(proxy);
    return proxy;
  }

  // Removes the proxies made here, and stops the server if this object started it.
  async close(): Promise<void> {
    for (const proxy of this.created.splice(0)) await proxy.remove().catch(() => undefined);
    await this.owned?.close();
  }
}

export class FaultProxy {
  readonly name: string;
  // The bound address clients should connect to, e.g. "127.0.0.1:40123".
  readonly listen: string;
  readonly host: string;
  readonly port: number;
  private readonly client: Toxiproxy;
  private proxy: Proxy;

  constructor(client: Toxiproxy, proxy: Proxy) {
    this.client = client;
    this.proxy = proxy;
    this.name = proxy.name;
    this.listen = proxy.listen;
    const colon = proxy.listen.lastIndexOf(':');
    this.host = proxy.listen.slice(0, colon).replace(/^\[|\]$/g, '');
    this.port = Number(proxy.listen.slice(colon + 1));
  }

  // Disables the proxy: live connections close, new ones are refused. Toxics are kept.
  async partition(): Promise<void> {
    await this.setEnabled(false);
  }

  // Re-enables the proxy, keeping its toxics.
  async enable(): Promise<void> {
    await this.setEnabled(true);
  }

  // Re-enables the proxy and removes every toxic. Healing a timeout toxic closes the
  // connections it held (Toxiproxy behaves the same).
  async heal(): Promise<void> {
    await this.setEnabled(true);
    await this.clear();
  }

  latency(ms: number, jitterMs = 0, stream: Direction = 'downstream'): Promise<void> {
    return this.toxic('latency', stream, { latency: ms, jitter: jitterMs });
  }

  // At most `kbps` KB/s (1 KB = 1000 bytes).
  bandwidth(kbps: number, stream: Direction = 'downstream'): Promise<void> {
    return this.toxic('bandwidth', stream, { rate: kbps });
  }

  // Drops data in `stream` and closes the connection after `ms` without data (0: never).
  timeout(ms: number, stream: Direction = 'upstream'): Promise<void> {
    return this.toxic('timeout', stream, { timeout: ms });
  }

  // Connections stay open but no byte gets through either way: a silent partition.
  async blackhole(): Promise<void> {
    await this.timeout(0, 'upstream');
    await this.timeout(0, 'downstream');
  }

  // At the first data in `stream`, wait `timeoutMs`, then reset both peers (ECONNRESET).
  resetPeer(timeoutMs = 0, stream: Direction = 'upstream'): Promise<void> {
    return this.toxic('reset_peer', stream, { timeout: timeoutMs });
  }

  // Adds the toxic named `<type>_<stream>`, or updates it if it is already there.
  async toxic(type: string, stream: Direction, attributes: Record<string, number>, toxicity = 1): Promise<void> {
    const name = `${type}_${stream}`;
    const body = { name, type: type as ToxicType, stream, toxicity, attributes };
    const existing = await this.client.getApi().get(`${this.proxy.getPath()}/toxics`);
    const present = (existing.data as { name: string }[]).some((toxic) => toxic.name === name);
    if (present) await this.client.getApi().post(`${this.proxy.getPath()}/toxics/${name}`, { toxicity, attributes });
    else await this.proxy.addToxic(body);
  }

  async clear(): Promise<void> {
    const api = this.client.getApi();
    const toxics = (await api.get(`${this.proxy.getPath()}/toxics`)).data as { name: string }[];
    for (const toxic of toxics) await api.delete(`${this.proxy.getPath()}/toxics/${toxic.name}`);
  }

  async remove(): Promise<void> {
    await this.proxy.remove();
  }

  private async setEnabled(enabled: boolean): Promise<void> {
    this.proxy = await this.proxy.update({ enabled, listen: this.proxy.listen, upstream: this.proxy.upstream });
  }
}

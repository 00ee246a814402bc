// One named proxy: a listener on `listen`, a connection per accepted client dialled to
// `upstream`, and the toxics applied to every connection, live ones included.
import { createServer, type Server } from 'node:net';
import { formatAddress, type HostPort, resolveHost, splitHostPort } from './address.ts';
import { NetError } from './api-error.ts';
import { Connection, SOCKET_BUFFER_BYTES } from './connection.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { Random } from './random.ts';
import { type Direction, type ToxicJson, toxicJson, type ToxicSpec } from './toxic-spec.ts';
import type { Attributes } from './toxics/toxic.ts';

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  // Toxiproxy ≥ 2.5 leaks an untagged Logger field; kept for byte-for-byte parity.
  Logger: Record<string, never>;
  toxics: ToxicJson[];
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'bind: address already in use',
  EADDRNOTAVAIL: 'bind: cannot assign requested address',
  EACCES: 'bind: permission denied',
};

export class Proxy {
  readonly name: string;
  listen: string;
  upstream: string;
  enabled = false;
  readonly toxics: ToxicSpec[] = [];
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private readonly random: Random;
  private readonly metrics: ProxyMetrics;

  constructor(name: string, listen: string, upstream: string, random: Random, metrics: ProxyMetrics) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.random = random;
    this.metrics = metrics;
  }

  // Binds `listen` and rewrites it to the bound address, as Toxiproxy reports it.
  async start(): Promise<void> {
    if (this.server) return;
    let address: HostPort;
    try {
      address = splitHostPort(this.listen);
      address.host = await resolveHost(address.host);
    } catch (error) {
      throw new NetError(`listen tcp: ${(error as Error).message}`);
    }
    const server = createServer({ allowHalfOpen: true, noDelay: true, highWaterMark: SOCKET_BUFFER_BYTES }, (socket) => {
      const connection = new Connection(socket, {
        random: this.random,
        toxics: (direction) => this.toxicsFor(direction),
        onClosed: (closed) => {
          this.connections.delete(closed);
          this.metrics.record(this, closed.sentReceived());
        },
      });
      this.connections.add(connection);
      connection.dial(this.upstreamAddress());
    });
    const bound = await bind(server, address);
    // Accept failures (e.g. EMFILE) must not take the process down; the listener carries on.
    server.on('error', () => {});
    this.server = server;
    this.listen = bound;
    this.enabled = true;
  }

  // Closes the listener (new connects are refused) and every connection; keeps the toxics.
  async stop(): Promise<void> {
    this.enabled = false;
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const connection of this.connections) connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  toxicsFor(direction: Direction): ToxicSpec[] {
    return this.toxics.filter((spec) => spec.direction === direction);
  }

  findToxic(name: string): ToxicSpec | undefined {
    return this.toxics.find((spec) => spec.name === name);
  }

  addToxic(spec: ToxicSpec): void {
    this.toxics.push(spec);
    for (const connection of this.connections) connection.addToxic(spec);
  }

  // Restarts the toxic on every live link with the new settings (a fresh toxicity draw).
  async updateToxic(spec: ToxicSpec, change: { toxicity: number; attributes: Attributes }): Promise<void> {
    spec.toxicity = change.toxicity;
    spec.attributes = change.attributes;
    await Promise.all([...this.connections].map((connection) => connection.link(spec.direction)?.update(spec.name)));
  }

  async removeToxic(spec: ToxicSpec): Promise<void> {
    this.toxics.splice(this.toxics.indexOf(spec), 1);
    await Promise.all([...this.connections].map((connection) => connection.link(spec.direction)?.remove(spec.name)));
  }

  async removeAllToxics(): Promise<void> {
    for (const spec of [...this.toxics]) await this.removeToxic(spec);
  }

  toJSON(): ProxyJson {
    const toxics = [...this.toxicsFor('upstream'), ...this.toxicsFor('downstream')].map(toxicJson);
    return { name: this.name, listen: this.listen, upstream: this.upstream, enabled: this.enabled, Logger: {}, toxics };
  }

  private upstreamAddress(): HostPort | undefined {
    try {
      return splitHostPort(this.upstream);
    } catch {
      return undefined;
    }
  }
}

// Listens on host:port ('' = the dual-stack wildcard) and returns the bound address.
async function bind(server: Server, { host, port }: HostPort): Promise<string> {
  const hosts = host === '' ? ['::', '0.0.0.0'] : [host];
  for (const [index, candidate] of hosts.entries()) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: candidate, port, ipv6Only: false }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const bound = server.address();
      if (bound === null || typeof bound === 'string') throw new Error('listener has no TCP address');
      return formatAddress(bound.address, bound.port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EAFNOSUPPORT' && index + 1 < hosts.length) continue;
      throw new NetError(`listen tcp ${formatAddress(host, port)}: ${BIND_ERRORS[code] ?? (error as Error).message}`);
    }
  }
  throw new NetError(`listen tcp ${formatAddress(host, port)}: no address to bind`);
}

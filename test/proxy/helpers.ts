// Shared fixtures for the proxy conformance tests: a server on port 0, upstream TCP servers,
// clients that record what they receive and how their connection ended, and raw HTTP calls.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startProxyServer, type ProxyServer, type ProxyServerOptions } from '../../runtime/proxy/proxy-server.ts';

export async function startServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  return startProxyServer({ host: '127.0.0.1', port: 0, ...options });
}

export interface Upstream {
  port: number;
  address: string;
  sockets: Socket[];
  close(): Promise<void>;
}

// A TCP server on 127.0.0.1:0 running `onSocket` per connection (default: echo).
export async function startUpstream(onSocket: (socket: Socket) => void = (socket) => socket.pipe(socket)): Promise<Upstream> {
  const sockets: Socket[] = [];
  const server: Server = createServer({ allowHalfOpen: false, noDelay: true }, (socket) => {
    sockets.push(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    sockets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Ending {
  // 'end' = FIN seen, 'reset' = ECONNRESET, 'refused' = ECONNREFUSED, or another error code.
  how: string;
  atMs: number;
}

// A client socket that records received bytes (with arrival times) and how it ended.
export class Probe {
  readonly socket: Socket;
  readonly startedAt = performance.now();
  readonly reads: { bytes: number; atMs: number }[] = [];
  received = Buffer.alloc(0);
  ending: Promise<Ending>;
  connected: Promise<void>;

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.connected.catch(() => {});
    this.socket.on('data', (data: Buffer) => {
      this.reads.push({ bytes: data.length, atMs: this.elapsed() });
      this.received = Buffer.concat([this.received, data]);
    });
    this.ending = new Promise((resolve) => {
      let how = 'end';
      this.socket.on('error', (error: NodeJS.ErrnoException) => {
        how = error.code === 'ECONNRESET' ? 'reset' : error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message);
      });
      this.socket.once('close', () => resolve({ how, atMs: this.elapsed() }));
    });
  }

  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  // Resolves once `bytes` bytes have arrived (or rejects when the socket closes first).
  async waitFor(bytes: number, timeoutMs = 5000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (this.received.length < bytes) {
      if (this.socket.destroyed) throw new Error(`closed after ${this.received.length} of ${bytes} bytes`);
      if (performance.now() > deadline) throw new Error(`timed out with ${this.received.length} of ${bytes} bytes`);
      await sleep(2);
    }
    return this.elapsed();
  }

  close(): void {
    this.socket.destroy();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function http(url: string, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { body }), headers, redirect: 'manual' });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(':') + 1));
}

export interface ProxyEnv {
  server: ProxyServer;
  /** An echo upstream the file's proxies point at. */
  upstream: Upstream;
  /** toxiproxy-node-client talking to `server`. */
  client: Toxiproxy;
}

/**
 * One proxy server and echo upstream for a test file: started before its tests, closed after;
 * with `clearAfterEach`, every proxy is deleted between tests. `ready` hands them to the file.
 */
export function useProxyServer(ready: (env: ProxyEnv) => void, options: { clearAfterEach?: boolean } = {}): void {
  let env: ProxyEnv | undefined;
  beforeAll(async () => {
    const server = await startServer();
    env = { server, upstream: await startUpstream(), client: new Toxiproxy(server.url) };
    ready(env);
  });
  afterAll(async () => {
    await env?.server.close();
    await env?.upstream.close();
  });
  if (!options.clearAfterEach) return;
  afterEach(async () => {
    const url = env!.server.url;
    const all = (await http(`${url}/proxies`)).json as Record<string, unknown>;
    for (const name of Object.keys(all)) await http(`${url}/proxies/${name}`, 'DELETE');
  });
}

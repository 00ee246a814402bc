// Starts rollcall's Toxiproxy-compatible server in this process: the HTTP API plus the proxies
// it manages. `config` is a populate JSON file applied before the API starts listening.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { formatAddress, resolveHost } from './address.ts';
import { errorMessage } from './api-error.ts';
import { createApiServer } from './api-server.ts';
import { ProxyMetrics } from './metrics.ts';
import type { Random } from './random.ts';
import { PopulateError, ProxyRegistry } from './registry.ts';

// The line `rollcall proxy` prints once its API listens, followed by the API's URL.
export const READY_PREFIX = 'rollcall proxy: API listening on ';

export interface ProxyServerOptions {
  host?: string;
  port?: number;
  config?: string;
  random?: Random;
  proxyMetrics?: boolean;
  runtimeMetrics?: boolean;
}

export interface ProxyServer {
  url: string;
  host: string;
  port: number;
  registry: ProxyRegistry;
  close(): Promise<void>;
}

// A failure to start, worded for one line on a terminal.
export class StartError extends Error {
  override name = 'StartError';
}

async function applyConfig(registry: ProxyRegistry, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StartError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
  try {
    await registry.exclusive(() => registry.populate(text));
  } catch (error) {
    const cause = error instanceof PopulateError ? error.cause : error;
    throw new StartError(`config ${file}: ${errorMessage(cause)}`);
  }
}

export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const metrics = new ProxyMetrics({ proxyMetrics: options.proxyMetrics ?? false, runtimeMetrics: options.runtimeMetrics ?? false });
  const registry = new ProxyRegistry(metrics, options.random);
  const host = await resolveHost(options.host ?? '127.0.0.1').catch((error: unknown) => {
    throw new StartError(`listen tcp: ${errorMessage(error)}`);
  });
  const wantedPort = options.port ?? 8474;
  try {
    if (options.config !== undefined) await applyConfig(registry, options.config);
    const server = createApiServer(registry, metrics);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'bind: address already in use' : error.code === 'EACCES' ? 'bind: permission denied' : error.message;
        reject(new StartError(`listen tcp ${formatAddress(host, wantedPort)}: ${why}`));
      });
      server.listen({ host: host === '' ? '::' : host, port: wantedPort }, resolve);
    });
    const address = server.address() as AddressInfo;
    const url = `http://${formatAddress(address.address, address.port)}`;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await registry.exclusive(() => registry.close());
        await closed;
      })();
      return closing;
    };
    return { url, host: address.address, port: address.port, registry, close };
  } catch (error) {
    await registry.close();
    throw error;
  }
}

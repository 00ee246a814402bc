// HTTP plumbing in front of the routes, behaving as Toxiproxy's gorilla/mux stack does:
// unclean paths redirect, unknown paths get a plain 404, known paths with the wrong method an
// empty 405; matched routes get a request id, the browser guard and a 25 s time limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorReply, type Reply, type Route, routes } from './api-routes.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { ProxyRegistry } from './registry.ts';
import { nextRequestId } from './request-id.ts';

const REQUEST_TIME_MS_MAX = 25_000;
const BODY_BYTES_MAX = 16 << 20;
const TIMEOUT_BODY = '<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>';

// gorilla/mux cleanPath: path.Clean, keeping a trailing slash.
export function cleanPath(path: string): string {
  if (path === '') return '/';
  const rooted = path.startsWith('/') ? path : `/${path}`;
  const parts: string[] = [];
  for (const part of rooted.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const cleaned = `/${parts.join('/')}`;
  return rooted.endsWith('/') && cleaned !== '/' ? `${cleaned}/` : cleaned;
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  if (reply.contentType) response.setHeader('Content-Type', reply.contentType);
  if (reply.nosniff) response.setHeader('X-Content-Type-Options', 'nosniff');
  if (reply.status !== 204) response.setHeader('Content-Length', Buffer.byteLength(reply.body ?? ''));
  response.writeHead(reply.status);
  response.end(reply.status === 204 ? undefined : reply.body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_BYTES_MAX) request.destroy(new Error('http: request body too large'));
      else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

export function createApiServer(registry: ProxyRegistry, metrics: ProxyMetrics): Server {
  const table = routes(metrics.enabled);
  const server = createServer((request, response) => {
    handle(table, registry, metrics, request, response).catch((error: unknown) => send(response, errorReply(error)));
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(table: Route[], registry: ProxyRegistry, metrics: ProxyMetrics, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = request.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return send(response, { status: 400, body: '400 Bad Request', contentType: 'text/plain; charset=utf-8' });
  }
  const cleaned = cleanPath(path);
  if (cleaned !== path) {
    response.setHeader('Location', encodeURI(cleaned) + (queryAt < 0 ? '' : target.slice(queryAt)));
    return send(response, { status: 301 });
  }
  let pathMatched = false;
  for (const route of table) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    const handler = route.any ?? route.methods?.[request.method ?? ''];
    if (!handler) continue;
    response.setHeader('X-Toxiproxy-Request-Id', nextRequestId());
    if ((request.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      request.resume();
      return send(response, { status: 403, body: 'User agent not allowed\n', contentType: 'text/plain; charset=utf-8', nosniff: true });
    }
    const timer = setTimeout(() => send(response, { status: 503, body: TIMEOUT_BODY, contentType: 'text/html; charset=utf-8' }), REQUEST_TIME_MS_MAX);
    try {
      const body = await readBody(request);
      const params = match.slice(1);
      send(response, await registry.exclusive(() => handler({ params, body, registry, metrics })));
    } catch (error) {
      send(response, errorReply(error));
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  request.resume();
  if (pathMatched) return send(response, { status: 405 });
  send(response, { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8', nosniff: true });
}

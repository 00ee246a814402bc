// The worker's HTTP probes: GET /health (the process is up, with its state), GET /readiness
// (200 only while it is an active member that takes work), and GET /metrics (Prometheus text:
// worker-metrics.ts).
import type { Server } from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition.ts';
import { rollcallVersion } from '../package/version.ts';

// Not `import … from 'node:http'`: an ES import of node:http builds its whole namespace, which
// loads the WebSocket and fetch machinery behind its lazy exports (+13 MB RSS in an idle worker).
const { createServer } = process.getBuiltinModule('node:http');

export interface HealthView {
  readonly state: string;
  readonly workerId: string | undefined;
}

/** `metrics` writes the exposition text of GET /metrics; without it that route is 404. */
export function startHealthServer(view: HealthView, host: string, port: number, metrics?: () => string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const state = view.state;
    if (request.method !== 'GET') return send(405, { error: { code: 'method_not_allowed', message: `${request.method} is not allowed` } });
    if (request.url === '/health') return send(200, { status: 'ok', version: rollcallVersion(), state, workerId: view.workerId ?? null });
    if (request.url === '/readiness') return send(state === 'active' ? 200 : 503, { ready: state === 'active', state });
    if (request.url === '/metrics' && metrics) {
      response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE });
      return response.end(metrics());
    }
    send(404, { error: { code: 'not_found', message: `no route ${request.url}` } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`worker health server cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

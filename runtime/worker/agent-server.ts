// The worker's own gRPC server: WorkerAgent (Attach, Ping), so a registry that knows the
// worker's address can dial it in (seed 000) even when the worker does not know the registry.
// With the worker's certificate it serves TLS, and with a CA it takes only registries whose
// client certificate that CA signed (credentials.ts).
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { bindProblem } from '../grpc/bind-problem.ts';
import { addWorkerAgentService, type WorkerAgentHandlers } from '../grpc/worker-agent.ts';

export async function startAgentServer(
  host: string,
  port: number,
  handlers: WorkerAgentHandlers,
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new Server();
  addWorkerAgentService(server, handlers);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, credentials, (error, actual) => {
      if (error) reject(new Error(`worker agent cannot listen on ${host}:${port}: ${bindProblem(error.message)}`));
      else resolve(actual);
    });
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

// No REST answer leaves before the writes its request caused are durable. With SQLite the
// writes are already durable when the route returns; with PostgreSQL they are queued, and this
// hook holds every reply until the queue has caught up (or turns it into 503 if it failed).
import type { FastifyInstance } from 'fastify';
import type { RegistryHost } from '../registry/registry-host.ts';
import { ApiError } from './api-error.ts';

export function installDurableReplies(app: FastifyInstance, host: RegistryHost): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    const durable = host.settled();
    if (!durable) return payload;
    try {
      await durable;
      return payload;
    } catch {
      const error = new ApiError('unavailable', 'the registry could not store the change; try again');
      reply.code(error.status).type('application/json; charset=utf-8');
      return JSON.stringify(error.body());
    }
  });
}

// One log line per REST request, at debug: the dashboard polls, and at info its requests
// drowned the state changes (docs/operations.md, "Logs"). Fastify's own pair of lines per
// request (incoming, completed) becomes this one; its other lines (errors, 404s) stay.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RequestLogs extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    reply.log.debug({ event: 'http.request', method: request.method, url: request.url, status: reply.statusCode, ms }, `${request.method} ${request.url} ${reply.statusCode} ${ms}ms`);
  }
}

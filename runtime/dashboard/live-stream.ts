// Server-Sent Events for open dashboards: one timer for all of them, at most `everyMs` apart,
// sending the cluster summary only when it changed and a `members` hint only when a member
// changed, so a page re-reads its visible rows at most a few times a second however busy the
// registry is. Heartbeats themselves never cause an event.
import type { FastifyReply } from 'fastify';

export interface LiveSource {
  /** The summary as JSON text (compared to the last one sent). */
  summary(): string;
  /** Bumped on every member change. */
  version(): number;
}

export class LiveStream {
  readonly #clients = new Set<FastifyReply>();
  readonly #source: LiveSource;
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | null = null;
  #lastSummary = '';
  #lastVersion = -1;

  constructor(source: LiveSource, everyMs = 400) {
    this.#source = source;
    this.#everyMs = everyMs;
  }

  /** Takes over the reply as an event stream until the page goes away. */
  attach(reply: FastifyReply): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    raw.write(`retry: 2000\n\n`);
    this.#send(reply, 'summary', this.#source.summary());
    this.#clients.add(reply);
    raw.on('close', () => {
      this.#clients.delete(reply);
      if (this.#clients.size === 0) this.#stop();
    });
    this.#timer ??= setInterval(() => this.#tick(), this.#everyMs);
  }

  close(): void {
    for (const reply of this.#clients) reply.raw.end();
    this.#clients.clear();
    this.#stop();
  }

  #tick(): void {
    const summary = this.#source.summary();
    const version = this.#source.version();
    const changedSummary = summary !== this.#lastSummary;
    const changedMembers = version !== this.#lastVersion;
    this.#lastSummary = summary;
    this.#lastVersion = version;
    for (const reply of this.#clients) {
      if (changedSummary) this.#send(reply, 'summary', summary);
      if (changedMembers) this.#send(reply, 'members', String(version));
    }
  }

  #send(reply: FastifyReply, event: string, data: string): void {
    reply.raw.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

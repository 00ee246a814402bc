// One LISTEN channel on a dedicated, unpooled connection (LISTEN belongs to a session).
// Notifications are hints only: whoever listens must also be right without them. On a lost
// connection it reconnects with backoff and then calls `onReconnect`, since notifications sent
// meanwhile are gone (a standby re-reads everything; a lease candidate tries at once).
import pg from 'pg';

export class PgListener {
  readonly #url: string;
  readonly #channel: string;
  readonly #onNotify: (payload: string) => void;
  readonly #onReconnect: () => void;
  #client: pg.Client | null = null;
  #closed = false;
  #retryMs = 200;

  constructor(url: string, channel: string, onNotify: (payload: string) => void, onReconnect: () => void) {
    this.#url = url;
    this.#channel = channel;
    this.#onNotify = onNotify;
    this.#onReconnect = onReconnect;
  }

  async start(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.#url });
    this.#client = client;
    client.on('notification', (message) => this.#onNotify(message.payload ?? ''));
    client.on('error', () => {}); // followed by 'end'
    client.on('end', () => this.#reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
      this.#retryMs = 200;
    } catch {
      void client.end().catch(() => {});
    }
  }

  #reconnect(client: pg.Client): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = null;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 5_000);
    setTimeout(() => {
      if (this.#closed) return;
      this.#onReconnect();
      void this.start();
    }, delay).unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}

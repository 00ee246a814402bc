// One LISTEN channel on a dedicated, unpooled connection (LISTEN belongs to a session).
// Notifications are hints only: whoever listens must also be right without them. On a lost
// connection it reconnects with backoff, listens again and only then calls `onReconnect`, since
// notifications sent meanwhile are gone (a standby re-reads everything; a lease candidate tries
// at once): listening first means a change made during the re-read is still heard. TCP
// keepalive lets a connection the network silently dropped end rather than hang forever.
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

  /** Connects and listens; false when that failed (a retry is then scheduled). */
  async start(): Promise<boolean> {
    if (this.#closed) return false;
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    this.#client = client;
    client.on('notification', (message) => this.#onNotify(message.payload ?? ''));
    client.on('error', () => {}); // followed by 'end'
    client.on('end', () => this.#reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
      this.#retryMs = 200;
      return this.#client === client;
    } catch {
      void client.end().catch(() => {});
      return false;
    }
  }

  #reconnect(client: pg.Client): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = null;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 5_000);
    setTimeout(() => {
      void this.start().then((listening) => {
        if (listening && !this.#closed) this.#onReconnect();
      });
    }, delay).unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}

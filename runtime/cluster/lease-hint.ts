// A standby's ear on the database: LISTEN for a lease being handed back, so a graceful
// hand-over takes one round trip instead of a whole renew interval. A hint only — the election
// itself never depends on it: a lost notification costs at most one interval. One dedicated,
// unpooled connection (LISTEN is per session); on loss it reconnects with backoff and nudges
// once, in case a notification was missed meanwhile.
import pg from 'pg';
import { LEASE_RELEASED } from './lease.ts';

export class LeaseHint {
  readonly #url: string;
  readonly #nudge: () => void;
  #client: pg.Client | null = null;
  #closed = false;
  #retryMs = 200;

  constructor(url: string, nudge: () => void) {
    this.#url = url;
    this.#nudge = nudge;
  }

  async start(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.#url });
    this.#client = client;
    client.on('notification', () => this.#nudge());
    client.on('error', () => {}); // followed by 'end'
    client.on('end', () => this.#reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LEASE_RELEASED}`);
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
      this.#nudge();
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

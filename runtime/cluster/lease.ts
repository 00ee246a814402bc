// A fenced lease in PostgreSQL: the right to do what must happen once cluster-wide (sweeps,
// reconnect dialing, job requeue). One row per lease name holds (holder, epoch, expires_at);
// expiry is judged only by the database clock, and the (holder, epoch) pair is the fencing
// token: every write made under the lease runs in a transaction that first locks the row
// `FOR KEY SHARE` with that pair and an unexpired time, so a paused or partitioned ex-holder
// changes nothing once another replica took over (a takeover locks the row `FOR UPDATE`, which
// waits for those transactions, and the old pair never matches again). `holder` is unique per process incarnation, so even
// an epoch that repeats after a database failover cannot let a stale holder through.
// Locally a watchdog stops claiming the lease at (start of the last successful renew + TTL −
// margin) on the monotonic clock, so a hung renew never leaves a process thinking it leads.
import type pg from 'pg';
import { inTransaction } from '../store/postgres/pg-transaction.ts';
import { ClaimedLease } from './claimed-lease.ts';
import { FencedOut, type LeaseEndpoints, type LeaseHolder } from './lease-holder.ts';

export { FencedOut, type LeaseEndpoints, type LeaseHolder };

export interface LeaseOptions {
  /** Which duty ("sweeper"). */
  name: string;
  /** This process incarnation, e.g. `replica-1/<uuid>`. */
  holder: string;
  ttlMs: number;
  /** Give up the local claim this long before the lease could expire in the database. */
  marginMs?: number;
  /** The monotonic clock (ms). */
  now?: () => number;
  /** Where the holder can be reached, kept in the row for the others (status, redirects). */
  endpoints?: LeaseEndpoints;
}

/**
 * A takeover first locks the row FOR UPDATE, which waits for every fenced transaction in flight
 * (they hold it FOR KEY SHARE). The renew's plain UPDATE does not conflict with those, so a long
 * write never holds up its own leader's renew.
 */
const LOCK = `SELECT 1 FROM leases WHERE name = $1 FOR UPDATE`;
const ACQUIRE = `
  INSERT INTO leases (name, holder, epoch, expires_at, grpc_endpoint, http_endpoint)
  VALUES ($1, $2, 1, statement_timestamp() + $3 * interval '1 millisecond', $4, $5)
  ON CONFLICT (name) DO UPDATE
    SET holder = excluded.holder, epoch = leases.epoch + 1, expires_at = excluded.expires_at,
        grpc_endpoint = excluded.grpc_endpoint, http_endpoint = excluded.http_endpoint
    WHERE leases.expires_at < statement_timestamp()
  RETURNING epoch`;
const HOLDER = `SELECT holder, epoch, grpc_endpoint, http_endpoint, expires_at > now() AS live FROM leases WHERE name = $1`;
const RENEW = `
  UPDATE leases SET expires_at = now() + $4 * interval '1 millisecond'
  WHERE name = $1 AND holder = $2 AND epoch = $3 AND expires_at > now() RETURNING epoch`;
/** Channel on which a resignation is announced, so standbys take over at once rather than at their next round. */
export const LEASE_RELEASED = 'rollcall_lease_released';
const RESIGN = `
  WITH released AS (
    UPDATE leases SET expires_at = now() - interval '1 millisecond' WHERE name = $1 AND holder = $2 AND epoch = $3 RETURNING name
  )
  SELECT pg_notify('${LEASE_RELEASED}', name) FROM released`;
const CHECK = `SELECT 1 FROM leases WHERE name = $1 AND holder = $2 AND epoch = $3 AND expires_at > now() FOR KEY SHARE`;

export class Lease extends ClaimedLease {
  readonly name: string;
  readonly #pool: pg.Pool;
  readonly #ttlMs: number;

  constructor(pool: pg.Pool, options: LeaseOptions) {
    const { name, holder, ttlMs } = options;
    const { grpc, http } = options.endpoints ?? { grpc: '', http: '' };
    super(
      holder,
      {
        acquire: () =>
          inTransaction(pool, async (client) => {
            await client.query(LOCK, [name]);
            const row = (await client.query<{ epoch: string }>(ACQUIRE, [name, holder, ttlMs, grpc, http])).rows[0];
            return row ? Number(row.epoch) : null;
          }),
        renew: async (epoch) => (await pool.query(RENEW, [name, holder, epoch, ttlMs])).rowCount === 1,
        resign: async (epoch) => void (await pool.query(RESIGN, [name, holder, epoch])),
      },
      { ttlMs, marginMs: options.marginMs, now: options.now ?? (() => performance.now()) },
    );
    this.name = name;
    this.#pool = pool;
    this.#ttlMs = ttlMs;
  }

  /** The current holder of lease `name`, live or expired; undefined when it was never taken. */
  static async holderOf(pool: pg.Pool, name: string): Promise<LeaseHolder | undefined> {
    const row = (await pool.query<{ holder: string; epoch: string; grpc_endpoint: string; http_endpoint: string; live: boolean }>(HOLDER, [name])).rows[0];
    return row && { holder: row.holder, epoch: Number(row.epoch), grpc: row.grpc_endpoint, http: row.http_endpoint, live: row.live };
  }

  /**
   * Runs `work` in one transaction fenced by our (holder, epoch): it commits only if the
   * lease is still ours by the database's clock; otherwise nothing it wrote stays and
   * FencedOut is thrown.
   */
  async fenced<T>(work: (client: pg.PoolClient, epoch: number) => Promise<T>): Promise<T> {
    const epoch = this.epoch;
    if (epoch === null) throw new FencedOut(this.name, this.holder, this.lastEpoch, 'lapsed here');
    return inTransaction(this.#pool, async (client) => {
      // A holder stopped mid-transaction (SIGSTOP, a frozen VM) holds the lock a takeover waits
      // for: the server ends such a transaction after it idles for two TTLs.
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(2 * this.#ttlMs))}`);
      const check = await client.query(CHECK, [this.name, this.holder, epoch]);
      if (check.rowCount !== 1) {
        this.lost();
        throw new FencedOut(this.name, this.holder, epoch, 'refused by the database');
      }
      return work(client, epoch);
    });
  }
}

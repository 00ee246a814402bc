// A standby replica's share of the heartbeats: it answers the heartbeats it can prove valid —
// a known session (ID, epoch, session token) of a member that is active and not draining, or
// unhealthy — from a cache of the members table, and hands them on to the leader through the
// database: every flush interval one statement stamps `seen_at = now()` (the database's clock)
// and the last heartbeat on those members, and the replica's own row in `registry_replicas`.
// Anything else (an unknown or stale session, a drain, a cache still catching up) is not
// served here, so the worker takes it to the leader, which decides with the whole core.
// The cache follows the leader's writes through LISTEN (a hint) and is re-read in full on a
// reconnect and every minute. A standby whose flushes fail stops serving beats after half of
// `unhealthyAfter`, so its workers move on before the leader could take them for dead.
import type { Logger } from 'pino';
import { stateOf, substateOf, type MemberRecord } from '../../machines/registry/member-table.ts';
import { heartbeatIntervalFor, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { HeartbeatReply, HeartbeatRequest, Outcome } from '../../machines/registry/registry.types.ts';
import { sameSecret } from '../../machines/registry/same-secret.ts';
import { MEMBERS_CHANGED, type PostgresStore } from '../store/postgres/postgres-store.ts';
import { PgListener } from './pg-listener.ts';

interface Session {
  epoch: number;
  token: string;
  servable: boolean;
}

const RESYNC_MS = 60_000;

/** The heartbeat as the leader replays it: everything but the session token, which never leaves a replica. */
function withoutToken(request: HeartbeatRequest): string {
  const { sessionToken: _token, ...beat } = request;
  return JSON.stringify(beat);
}

function sessionOf(member: MemberRecord): Session {
  const state = stateOf(member);
  const servable = state === 'unhealthy' || (state === 'active' && substateOf(member) !== 'draining');
  return { epoch: member.ctx.epoch, token: member.sessionToken, servable };
}

export class StandbyBeats {
  readonly #base: PostgresStore;
  readonly #config: RegistryConfig;
  readonly #holder: string;
  readonly #replicaId: string;
  readonly #logger: Logger;
  readonly #sessions = new Map<string, Session>();
  /** Heartbeats answered since the last flush, the last of each member (its token left out at the flush). */
  #pending = new Map<string, HeartbeatRequest>();
  readonly #listener: PgListener;
  #timers: NodeJS.Timeout[] = [];
  #lastFlushOk = 0;
  #flushing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(base: PostgresStore, config: RegistryConfig, holder: string, replicaId: string, logger: Logger) {
    this.#base = base;
    this.#config = config;
    this.#holder = holder;
    this.#replicaId = replicaId;
    this.#logger = logger;
    this.#listener = new PgListener(base.url, MEMBERS_CHANGED, (ids) => void this.#reload(ids.split(',')), () => void this.#resync());
  }

  async start(): Promise<void> {
    await this.#listener.start(); // listen first, then read: no change falls between the two
    await this.#resync();
    this.#lastFlushOk = performance.now();
    this.#every(this.#config.heartbeatFlushIntervalMs, () => (this.#flushing = this.#flush()));
    this.#every(RESYNC_MS, () => void this.#resync());
  }

  /** The reply for a heartbeat this standby can vouch for, or null: the leader must see it. */
  heartbeat(request: HeartbeatRequest): Outcome<HeartbeatReply> | null {
    if (this.#stopped || request.draining || performance.now() - this.#lastFlushOk > this.#config.unhealthyAfterMs / 2) return null;
    const session = this.#sessions.get(request.workerId);
    if (!session?.servable || session.epoch !== request.epoch || !sameSecret(request.sessionToken, session.token)) return null;
    this.#pending.set(request.workerId, request); // serialised at the flush: only the last one is handed on
    return { ok: true, instruction: 'none', heartbeatIntervalMs: heartbeatIntervalFor(this.#config, this.#sessions.size) };
  }

  /** Stops serving, hands on what it answered, and lets go of the database. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#listener.close();
    await this.#flushing;
    await this.#flush();
  }

  #every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = new Map();
    const client = await this.#base.pool.connect().catch(() => null);
    if (!client) return this.#putBack(pending);
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO registry_replicas (holder, replica_id, flushed_at) VALUES ($1, $2, now())
         ON CONFLICT (holder) DO UPDATE SET flushed_at = now()`,
        [this.#holder, this.#replicaId],
      );
      if (pending.size > 0) {
        await client.query(
          `UPDATE members m SET seen_at = now(), seen_by = $1, seen_beat = u.beat
           FROM unnest($2::text[], $3::bigint[], $4::text[]) AS u(id, epoch, beat) WHERE m.id = u.id AND m.epoch = u.epoch`,
          [this.#holder, [...pending.keys()], [...pending.values()].map((p) => p.epoch), [...pending.values()].map(withoutToken)],
        );
      }
      await client.query('COMMIT');
      this.#lastFlushOk = performance.now();
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      client.release(true);
      this.#putBack(pending);
      this.#logger.warn({ event: 'standby.flush.failed', reason: (error as Error).message }, 'standby could not hand on heartbeats');
    }
  }

  /** Keeps what a failed flush held, unless a newer heartbeat of the same member came since. */
  #putBack(pending: Map<string, HeartbeatRequest>): void {
    for (const [id, beat] of pending) if (!this.#pending.has(id)) this.#pending.set(id, beat);
  }

  async #resync(): Promise<void> {
    const rows = await this.#base.pool.query<{ body: string }>('SELECT body FROM members').catch(() => null);
    if (!rows) return;
    this.#sessions.clear();
    for (const row of rows.rows) {
      const member = JSON.parse(row.body) as MemberRecord;
      this.#sessions.set(member.id, sessionOf(member));
    }
  }

  async #reload(ids: string[]): Promise<void> {
    const rows = await this.#base.pool.query<{ id: string; body: string }>('SELECT id, body FROM members WHERE id = ANY($1::text[])', [ids]).catch(() => null);
    if (!rows) return void this.#resync();
    const found = new Set<string>();
    for (const row of rows.rows) {
      found.add(row.id);
      this.#sessions.set(row.id, sessionOf(JSON.parse(row.body) as MemberRecord));
    }
    for (const id of ids) if (!found.has(id)) this.#sessions.delete(id);
  }
}

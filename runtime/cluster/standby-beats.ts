// A standby replica's share of the heartbeats: it answers the heartbeats it can prove valid —
// a known session (ID, epoch, session token) of a member that is active and not draining, or
// unhealthy — from a cache of the members table, and hands them on to the leader through the
// database: every flush interval one statement stamps `seen_at = now()` (the database's clock)
// and the last heartbeat on those members, and the replica's own row in `registry_replicas`.
// Anything else (an unknown or stale session, a drain, a cache still catching up) is not
// served here, so the worker takes it to the leader, which decides with the whole core.
// The members come from the standby's copy of the tables (warm-records.ts), which follows the
// leader's writes and is what this replica's core starts from if it takes over. A standby whose flushes fail stops serving beats after half of
// `unhealthyAfter`, so its workers move on before the leader could take them for dead.
import type { Logger } from 'pino';
import { stateOf, substateOf, type MemberRecord } from '../../machines/registry/member-table.ts';
import { heartbeatIntervalFor, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { HeartbeatReply, HeartbeatRequest, Outcome } from '../../machines/registry/registry.types.ts';
import { sameSecret } from '../../machines/registry/same-secret.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import type { WarmRecords } from './warm-records.ts';

/** The heartbeat as the leader replays it: everything but the session token, which never leaves a replica. */
function withoutToken(request: HeartbeatRequest): string {
  const { sessionToken: _token, ...beat } = request;
  return JSON.stringify(beat);
}

function servable(member: MemberRecord): boolean {
  const state = stateOf(member);
  return state === 'unhealthy' || (state === 'active' && substateOf(member) !== 'draining');
}

export class StandbyBeats {
  readonly #base: PostgresStore;
  readonly #config: RegistryConfig;
  readonly #holder: string;
  readonly #replicaId: string;
  readonly #logger: Logger;
  readonly #warm: WarmRecords;
  /** Heartbeats answered since the last flush, the last of each member (its token left out at the flush). */
  #pending = new Map<string, HeartbeatRequest>();
  #timers: NodeJS.Timeout[] = [];
  #lastFlushOk = 0;
  #flushing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(base: PostgresStore, warm: WarmRecords, config: RegistryConfig, holder: string, replicaId: string, logger: Logger) {
    this.#base = base;
    this.#config = config;
    this.#holder = holder;
    this.#replicaId = replicaId;
    this.#logger = logger;
    this.#warm = warm;
  }

  async start(): Promise<void> {
    await this.#warm.start();
    this.#lastFlushOk = performance.now();
    this.#every(this.#config.heartbeatFlushIntervalMs, () => (this.#flushing = this.#flush()));
  }

  /** The reply for a heartbeat this standby can vouch for, or null: the leader must see it. */
  heartbeat(request: HeartbeatRequest): Outcome<HeartbeatReply> | null {
    if (this.#stopped || request.draining || performance.now() - this.#lastFlushOk > this.#config.unhealthyAfterMs / 2) return null;
    const member = this.#warm.member(request.workerId);
    if (!member || !servable(member) || member.ctx.epoch !== request.epoch || !sameSecret(request.sessionToken, member.sessionToken)) return null;
    this.#pending.set(request.workerId, request); // serialised at the flush: only the last one is handed on
    return { ok: true, instruction: 'none', heartbeatIntervalMs: heartbeatIntervalFor(this.#config, this.#warm.size) };
  }

  /** Stops serving, hands on what it answered, and lets go of the database. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#warm.stop();
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
}

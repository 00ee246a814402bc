// The leader's side of standby heartbeats: every flush interval it reads the members whose
// `seen_at` a standby stamped recently and replays each one's last heartbeat into the registry
// core, as if it had arrived at (now − its age by the database clock). So the core judges every
// member by its freshest heartbeat wherever it landed, recovers an unhealthy one, offers it jobs
// and reconciles them, all in the one place that decides. A replayed heartbeat older than what
// the core already has, or from another session, changes nothing.
import type { HeartbeatRequest } from '../../machines/registry/registry.types.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';

/** Re-read this far back each time: a flush that began before the last read may commit after it. */
const OVERLAP_MS = 5_000;

interface SeenRow {
  id: string;
  epoch: string;
  seen_beat: string;
  age_ms: number;
}

export class AbsorbBeats {
  readonly #base: PostgresStore;
  readonly #host: RegistryHost;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  /** Replayed so far (for tests and logs). */
  replayed = 0;

  constructor(base: PostgresStore, host: RegistryHost) {
    this.#base = base;
    this.#host = host;
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => (this.#running = this.#running.then(() => this.absorb())), intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One round: replays what standbys saw in the last few seconds. */
  async absorb(): Promise<void> {
    const rows = await this.#base.pool
      .query<SeenRow>(
        `SELECT id, epoch, seen_beat, (EXTRACT(EPOCH FROM (now() - seen_at)) * 1000)::float8 AS age_ms
         FROM members WHERE seen_at > now() - $1 * interval '1 millisecond'`,
        [OVERLAP_MS],
      )
      .catch(() => null);
    if (!rows || !this.#host.up) return;
    this.#host.call((core, now) => {
      for (const row of rows.rows) {
        const member = core.member(row.id);
        const at = Math.round(now - row.age_ms);
        if (!member || member.ctx.epoch !== Number(row.epoch) || at <= member.lastHeartbeatAt) continue;
        const beat = JSON.parse(row.seen_beat) as Omit<HeartbeatRequest, 'sessionToken'>;
        const outcome = core.run({ kind: 'heartbeat', request: { ...beat, workerId: member.id, epoch: member.ctx.epoch, sessionToken: member.sessionToken } }, at);
        if (outcome.ok) this.replayed++;
      }
    });
  }
}

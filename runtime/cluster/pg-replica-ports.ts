// A replica's ports on PostgreSQL: the lease row, the fenced term store, LISTEN for a
// resigning leader, and the standby-heartbeat jobs of both roles. A standby keeps a copy of the
// tables (warm-records.ts); a term it wins starts from that copy instead of a full load.
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { Clock } from '../clock/clock.ts';
import type { PostgresStore } from '../store/postgres/postgres-store.ts';
import { QueuedStore } from '../store/queued-store.ts';
import { AbsorbBeats } from './absorb-beats.ts';
import { Lease, LEASE_RELEASED, type LeaseEndpoints } from './lease.ts';
import { PgListener } from './pg-listener.ts';
import { LEADER_LEASE, type ReplicaLog, type ReplicaPorts } from './replica.ts';
import { StandbyBeats } from './standby-beats.ts';
import { WarmRecords } from './warm-records.ts';

export interface PgReplicaSettings {
  id: string;
  /** The lease's time to live, by the database clock. */
  leaseTtlMs: number;
  /** Meta keys the registry reads when it starts leading. */
  metaKeys: readonly string[];
  config: RegistryConfig;
  clock: Clock;
  logger: Logger;
  /** Also told of the replica's own events (`replica.leading`, `replica.stepped-down`), for the `--events` log. */
  events?: ((type: string, fields: Record<string, string | number | null>) => void) | undefined;
}

/** The logger, and the replica's role changes also to `events`. */
function replicaLog(logger: Logger, events: PgReplicaSettings['events']): ReplicaLog {
  if (!events) return logger;
  const tee = (level: 'info' | 'warn') => (fields: object, message: string) => {
    logger[level](fields, message);
    const { event, ...rest } = fields as { event?: string } & Record<string, string | number | null>;
    if (event?.startsWith('replica.')) events(event, rest);
  };
  return { info: tee('info'), warn: tee('warn') };
}

/** Members or jobs per step of a new leader's core build: well under a renew interval's work even on a busy machine. */
const CORE_SLICE = 25_000;

export function pgReplicaPorts(base: PostgresStore, endpoints: LeaseEndpoints, settings: PgReplicaSettings): ReplicaPorts {
  const { id, logger } = settings;
  const lease = new Lease(base.pool, { name: LEADER_LEASE, holder: `${id}/${randomUUID()}`, ttlMs: settings.leaseTtlMs, endpoints });
  /** The copy of the standby this replica was last; the term it wins starts from it. */
  let warm: WarmRecords | null = null;
  return {
    clock: settings.clock,
    lease,
    leader: () => Lease.holderOf(base.pool, LEADER_LEASE),
    openTerm: async (options) => {
      const store = base.writingThrough((work) => lease.fenced((client) => work(client)));
      return QueuedStore.open(store, settings.metaKeys, options, await warm?.takeOver());
    },
    resignations: (nudge) => {
      const listener = new PgListener(base.url, LEASE_RELEASED, nudge, nudge);
      return { start: async () => void (await listener.start()), stop: () => listener.close() };
    },
    standBy: async () => {
      warm = new WarmRecords(base.pool, base.url);
      const beats = new StandbyBeats(base, warm, settings.config, lease.holder, id, logger);
      await beats.start();
      return beats;
    },
    absorb: (host) => {
      const absorb = new AbsorbBeats(base, host);
      absorb.start(settings.config.heartbeatFlushIntervalMs);
      return absorb;
    },
    log: replicaLog(logger, settings.events),
    // 1M members take seconds to build into a core: in slices, so the lease's renewals run between them.
    coreSteps: { slice: CORE_SLICE, pause: () => setImmediate() },
  };
}

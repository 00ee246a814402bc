// What a replica needs from its world (runtime/cluster/replica.ts): the same election runs on
// PostgreSQL (pg-replica-ports.ts) and in the simulator (runtime/sim/cluster/sim-replica.ts).
import type { HeartbeatReply, HeartbeatRequest, Outcome } from '../../machines/registry/registry.types.ts';
import type { Clock } from '../clock/clock.ts';
import type { CoreSteps } from '../registry/host-ports.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { QueuedStore, QueuedStoreOptions } from '../store/queued-store.ts';
import type { LeaseClaim } from './claimed-lease.ts';
import type { LeaseHolder } from './lease-holder.ts';

/** Something a replica runs in one role only, stopped when the role ends. */
export interface RoleJob {
  stop(): Promise<void>;
}

/** A standby's share of the heartbeats (runtime/cluster/standby-beats.ts). */
export interface StandbyJob extends RoleJob {
  heartbeat(request: HeartbeatRequest): Outcome<HeartbeatReply> | null;
}

export interface ReplicaLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What a replica needs from its world: the same election runs on PostgreSQL and in the simulator. */
export interface ReplicaPorts {
  clock: Clock;
  lease: LeaseClaim;
  /** Who holds the lease now, as the database sees it. */
  leader(): Promise<LeaseHolder | undefined>;
  /** The store of a term as leader: what is durable, read up front; every write fenced by the lease. */
  openTerm(options: QueuedStoreOptions): Promise<QueuedStore>;
  /** Calls `nudge` when a leader hands the lease back (a hint: the rounds decide). */
  resignations(nudge: () => void): RoleJob & { start(): Promise<void> };
  /** Standing by: answer the heartbeats it can vouch for (absent: none). */
  standBy?(): Promise<StandbyJob>;
  /** Leading: take in the heartbeats the standbys answered (absent: none). */
  absorb?(host: RegistryHost): RoleJob;
  log: ReplicaLog;
  /** A new leader builds its registry core in these steps (absent: in one go). */
  coreSteps?: CoreSteps;
}

export interface ReplicaOptions {
  /** This replica's name (stable across restarts; the lease holder adds a per-process suffix). */
  id: string;
  /** How often the leader renews, and a standby tries to take over. */
  leaseRenewMs: number;
}

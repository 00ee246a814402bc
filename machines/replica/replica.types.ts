// The replica machine's context, input and events (replica.machine.ts). Every event carries
// `at`, the time it happened on the replica's clock; what the lease or the database answered
// comes as data (`held`: whether the local claim still holds at that instant).

export interface ReplicaInput {
  /** How often the leader renews, and a standby tries to take over. */
  leaseRenewMs: number;
  at: number;
}

export interface ReplicaContext {
  leaseRenewMs: number;
  /** A lease round is in flight: a NOTIFY waits for it to end (`nudged`). */
  inRound: boolean;
  /** A resigning leader's NOTIFY came during a round: the next one starts at once. */
  nudged: boolean;
  /** Leaving the election: no more rounds, no standby heartbeats. */
  stopping: boolean;
  /** Loads begun so far: a renewal made during one load is told from one of the next. */
  loads: number;
  /** When the current state (or round) began. */
  since: number;
  /** Why the last term ended, once one has. */
  reason: string | null;
}

/** Why a leader steps down without being asked (a refused write names its own reason). */
export type StepDownReason = 'taken' | 'unrenewed' | 'watchdog';

export type ReplicaEvent =
  /** Joins the election: the first round begins at once. */
  | { type: 'start'; at: number }
  /** The round timer fired. */
  | { type: 'tick'; at: number }
  /** The resignation hints are heard (LISTEN is up): a standby answers heartbeats from now. */
  | { type: 'listening'; at: number }
  | { type: 'lease.acquired'; at: number; epoch: number }
  | { type: 'lease.refused'; at: number }
  | { type: 'lease.renewed'; at: number }
  | { type: 'lease.notRenewed'; at: number; held: boolean }
  /** The watchdog fired: the local claim may have lapsed. */
  | { type: 'lease.lapsed'; at: number; held: boolean }
  /** A leader handed the lease back (NOTIFY, or the listener reconnected). */
  | { type: 'lease.released'; at: number }
  /** While loading: time to renew the lease just taken, and that renew's end (whatever it answered). */
  | { type: 'load.renewDue'; at: number }
  | { type: 'load.renewed'; at: number; load: number }
  | { type: 'load.done'; at: number; held: boolean }
  /** The standby heartbeats stopped (their last flush landed). */
  | { type: 'standby.quit'; at: number; held: boolean }
  | { type: 'round.failed'; at: number; reason: string; held: boolean }
  | { type: 'round.done'; at: number }
  /** The database refused a write of this term (fenced out, or a fatal error). */
  | { type: 'write.refused'; at: number; reason: string }
  | { type: 'stop'; at: number }
  /** After `stop`: the round in flight ended and the role jobs stopped. */
  | { type: 'stop.drained'; at: number }
  /** Stepping down: every write the registry handed over is durable (or failed). */
  | { type: 'writes.settled'; at: number };

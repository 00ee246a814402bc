// The Store port: where the registry's members and jobs live across restarts. A write is
// durable when `write` returns, so the runtime replies only after it. Heartbeat times are the
// exception: they are written behind, coalesced (`writeHeartbeats`), and may lag.
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { Effect, Job } from '../../machines/registry/registry.types.ts';
import type { HeartbeatWrite, RegistryReads, RegistrySnapshot } from '../../machines/registry/registry.ts';

export type StoreWrite =
  | { kind: 'member'; member: MemberReadout }
  | { kind: 'member.removed'; memberId: string }
  | { kind: 'job'; job: Readonly<Job> };

/** A member's latest heartbeat time, as the write-behind flush hands it over. */
export type HeartbeatTime = HeartbeatWrite;

export interface Store {
  /** Copies of every member and job, each list in the order its records were first written. */
  load(): RegistrySnapshot;
  /** Applies the batch as one unit; durable when it returns. */
  write(batch: readonly StoreWrite[]): void;
  /** Sets only `lastHeartbeatAt` of known members; unknown IDs are ignored. May lag a crash. */
  writeHeartbeats(beats: readonly HeartbeatTime[]): void;
  /** Small named values the registry keeps beside its members (its join token, …). */
  getMeta(key: string): string | undefined;
  /** Durable when it returns. */
  setMeta(key: string, value: string): void;
  close(): void | Promise<void>;
  /**
   * When the writes handed over so far are durable; undefined when they already are. Only a
   * store that writes behind the caller's back (`QueuedStore`) has anything to wait for; the
   * APIs wait on it before they answer, so an answer still means "durable".
   */
  settled?(): Promise<void> | undefined;
}

/**
 * The same port for a store over the network (PostgreSQL): every call a promise. The registry
 * host stays synchronous; `QueuedStore` puts such a store behind the `Store` port.
 */
export interface AsyncStore {
  load(): Promise<RegistrySnapshot>;
  write(batch: readonly StoreWrite[]): Promise<void>;
  writeHeartbeats(beats: readonly HeartbeatTime[]): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** The writes a batch of registry effects asks for, one per record, in first-touched order. */
export function writesFor(registry: RegistryReads, effects: readonly Effect[]): StoreWrite[] {
  const members = new Map<string, StoreWrite>();
  const jobs = new Map<string, StoreWrite>();
  for (const effect of effects) {
    if (effect.kind === 'member.saved' || effect.kind === 'member.removed') {
      const member = registry.member(effect.memberId);
      members.set(effect.memberId, member ? { kind: 'member', member } : { kind: 'member.removed', memberId: effect.memberId });
    } else if (effect.kind === 'job.saved') {
      const job = registry.job(effect.jobId);
      if (job) jobs.set(effect.jobId, { kind: 'job', job });
    }
  }
  return [...members.values(), ...jobs.values()];
}

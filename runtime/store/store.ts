// The Store port: where the registry's members and jobs live across restarts. A write is
// durable when `write` returns, so the runtime replies only after it. Heartbeat times are the
// exception: they are written behind, coalesced (`writeHeartbeats`), and may lag.
import type { MemberRecord } from '../../machines/registry/member-table.ts';
import type { Effect, Job } from '../../machines/registry/registry.types.ts';
import type { Registry, RegistrySnapshot } from '../../machines/registry/registry.ts';

export type StoreWrite =
  | { kind: 'member'; member: MemberRecord }
  | { kind: 'member.removed'; memberId: string }
  | { kind: 'job'; job: Job };

/** A member's latest heartbeat time, as the write-behind flush hands it over. */
export interface HeartbeatTime {
  memberId: string;
  lastHeartbeatAt: number;
}

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
  close(): void;
}

/** The writes a batch of registry effects asks for, one per record, in first-touched order. */
export function writesFor(registry: Registry, effects: readonly Effect[]): StoreWrite[] {
  const members = new Map<string, StoreWrite>();
  const jobs = new Map<string, StoreWrite>();
  for (const effect of effects) {
    if (effect.kind === 'member.saved' || effect.kind === 'member.removed') {
      const member = registry.table.get(effect.memberId);
      members.set(effect.memberId, member ? { kind: 'member', member } : { kind: 'member.removed', memberId: effect.memberId });
    } else if (effect.kind === 'job.saved') {
      const job = registry.jobs.jobs.get(effect.jobId);
      if (job) jobs.set(effect.jobId, { kind: 'job', job });
    }
  }
  return [...members.values(), ...jobs.values()];
}

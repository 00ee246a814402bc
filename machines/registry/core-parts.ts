// The registry core's parts, which only the core's own modules see (the core, its commands and
// its sweeps hold them; nothing outside machines/registry gets them), and the one place where
// a member transition's named actions are carried out.
import type { MemberEvent } from '../member.machine.ts';
import type { DeadlineWheel } from './deadline-wheel.ts';
import { isSchedulable, type JobBook } from './job-book.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import { heartbeatIntervalFor, type RegistryConfig } from './registry.config.ts';
import type { Effect, RegistryError } from './registry.types.ts';

/** Counts the runtime turns into metrics: heartbeats accepted, registrations and refusals by outcome. */
export interface CoreCounters {
  heartbeats: number;
  /** Registration attempts by outcome: `created`, `re_registered`, `rejected:<code>`. */
  readonly registrationOutcomes: Map<string, number>;
  /** Heartbeats refused, by code (APIs count what never reaches the core). */
  readonly heartbeatFailures: Map<RegistryError['code'], number>;
}

/** The mass-failure guard and the restart grace, which the sweeps keep. */
export interface GuardState {
  readonly graceUntil: number;
  held: boolean;
  /** When the guard last let go. */
  releasedAt: number;
}

export interface CoreParts {
  readonly config: RegistryConfig;
  /** The effects queued by the command under way; the core hands them out when it ends. */
  readonly effects: Effect[];
  readonly table: MemberTable;
  readonly jobs: JobBook;
  readonly wheel: DeadlineWheel;
  readonly guard: GuardState;
  readonly counters: CoreCounters;
  /** Members whose heartbeat time changed since the runtime last wrote them behind. */
  readonly heartbeatsToWrite: Set<string>;
}

/** Nomad's rule: stretch the interval so the cluster offers at most maxHeartbeatsPerSecond. */
export function heartbeatIntervalMs(c: CoreParts): number {
  return heartbeatIntervalFor(c.config, c.table.members.size);
}

/** A deadline scaled by how far the interval has been stretched. */
export function scaled(c: CoreParts, deadline: number): number {
  return Math.round((deadline * heartbeatIntervalMs(c)) / c.config.heartbeatIntervalMs);
}

/**
 * Runs one event through a member's machine and carries out the actions it names: the only
 * place that does. A member that leaves (`clearAssignments`) gives its jobs back as it goes,
 * before its transition is announced; a failed one (`requeueJobs`) after. Returns whether it
 * named any action, i.e. whether queued jobs should be offered again (`schedule`).
 */
export function settle(c: CoreParts, member: MemberRecord, event: MemberEvent, reason: string): boolean {
  const { before, actions } = c.table.step(member, event);
  let requeue = false;
  for (const action of actions) {
    if (action === 'revokeSession') member.sessionToken = '';
    else if (action === 'clearAssignments') c.jobs.requeue(member, member.jobIds);
    else if (action === 'requeueJobs') requeue = true;
  }
  c.table.announce(member, before, event, reason);
  if (requeue) c.jobs.requeue(member, member.jobIds);
  return actions.length > 0;
}

/** `settle`, then the queue offered again if the transition asked for anything. */
export function judge(c: CoreParts, member: MemberRecord, event: MemberEvent, reason: string, now: number): void {
  if (settle(c, member, event, reason)) schedule(c, now);
}

/** Assigns queued jobs to members with room. */
export function schedule(c: CoreParts, now: number): void {
  if (c.jobs.queued === 0) return;
  for (const member of c.jobs.schedule(c.table.members.values(), now, c.table.roomiest())) jobCountChanged(c, member, now);
}

/**
 * Offers queued jobs to one member that has room, e.g. when its flap cooldown has run out:
 * nothing else would schedule onto it until some other call did.
 */
export function offer(c: CoreParts, member: MemberRecord, now: number): void {
  if (c.jobs.queued === 0 || !isSchedulable(member, now)) return;
  if (c.jobs.schedule([member], now).size > 0) jobCountChanged(c, member, now);
}

export function jobCountChanged(c: CoreParts, member: MemberRecord, now: number): void {
  if (stateOf(member) !== 'active') return;
  settle(c, member, { type: 'jobs.changed', at: now, currentJobs: member.jobIds.length }, 'jobs changed');
}

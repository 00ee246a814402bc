// An invariant is a named check over a run's event log (docs/behaviour.md §7). It reports the first entry
// that breaks it, so a failure points at a moment in the run, not at a summary.
import type { LogEntry } from '../events/log-entry.ts';

export interface Bounds {
  /** A worker that is up, connected and unhindered is active within this. */
  activeWithinMs: number;
  unhealthyAfterMs: number;
  failedAfterMs: number;
  healthCheckIntervalMs: number;
  restartGraceMs: number;
  /** A dial-in lasts at most this long; dials to one member start at least reconnectIntervalMs apart. */
  dialTimeoutMs: number;
  reconnectIntervalMs: number;
  /** The longest a member's dials back off after failing. */
  reconnectBackoffMaxMs: number;
  /** The heartbeat interval: a worker the registry forgot hears so at its next beat. */
  heartbeatIntervalMs: number;
  /** Registration lock-outs: failures per worker ID and per source address, and how long one lasts. */
  lockout: { perId: number; perSource: number; ms: number };
  /** The mass-failure guard holds while more than this fraction of the live members are unhealthy. */
  massFailureFraction: number;
  /** How long a draining worker lets its running jobs finish before it leaves anyway. */
  drainTimeoutMs: number;
  /** Flap damping: more than `limit` recoveries within `windowMs` hold a member out of scheduling for `cooldownMs`. */
  flap: { limit: number; windowMs: number; cooldownMs: number };
  /** Failed health checks in a row that fail a member. */
  consecutiveFailuresToFail: number;
  /** A failed member is made inactive once failed for `afterMs`, by a sweep every `intervalMs`. */
  cleanup: { afterMs: number; intervalMs: number };
  /** The most members the registry admits (a full cluster refuses new ones). */
  maxMembers: number;
  /** Slack for network latency and the deadline wheel's resolution. */
  slackMs: number;
  /** The run's end, so deadlines past it are not judged. */
  endMs: number;
}

export interface Violation {
  invariant: string;
  message: string;
  entry: LogEntry | null;
}

export interface Invariant {
  name: string;
  check(entries: readonly LogEntry[], bounds: Bounds): Violation | null;
}

export function violation(invariant: string, message: string, entry: LogEntry | null): Violation {
  return { invariant, message, entry };
}

/** The member states the log shows, replayed up to each entry. */
export class MemberStates {
  readonly state = new Map<string, string>();

  see(entry: LogEntry): void {
    if (entry.type === 'member' && typeof entry.id === 'string' && typeof entry.to === 'string') {
      this.state.set(entry.id, entry.to);
    } else if (entry.type === 'member.removed' && typeof entry.id === 'string') {
      this.state.delete(entry.id);
    }
  }
}

/** Windows during which the run was disturbed in ways that excuse slow detection. */
export interface Disturbances {
  /** Registry down or within its restart grace. */
  registryBlind: [number, number][];
  /** Mass-failure guard holding. */
  guardHeld: [number, number][];
  /** Per node: partitions and other link faults, until healed or cleared; a stopped worker, until resumed. */
  cut: Map<string, [number, number][]>;
}

export function disturbances(entries: readonly LogEntry[], bounds: Bounds): Disturbances {
  const out: Disturbances = { registryBlind: [], guardHeld: [], cut: new Map() };
  // Which registries serve (one; with replicas, each by name): blind while none does, and
  // through the restart grace of the next one to start.
  const serving = new Set<string>(['']);
  let downAt: number | null = null;
  /** With replicas: the database stalled or down (no registry can change anything). */
  let dbDownAt: number | null = null;
  let heldAt: number | null = null;
  // A node's link is disturbed while a partition holds it (partitions count up and heal one by
  // one) or another fault is on it (latency, resets, black holes: until cleared).
  const partitions = new Map<string, number>();
  const faulted = new Set<string>();
  /** Workers stopped (SIGSTOP) until resumed. */
  const paused = new Set<string>();
  const since = new Map<string, number>();
  const disturbed = (node: string) => (partitions.get(node) ?? 0) > 0 || faulted.has(node) || paused.has(node);
  const change = (node: string, t: number, update: () => void) => {
    const before = disturbed(node);
    update();
    const after = disturbed(node);
    if (!before && after) since.set(node, t);
    if (before && !after) {
      out.cut.set(node, [...(out.cut.get(node) ?? []), [since.get(node) ?? t, t]]);
      since.delete(node);
    }
  };
  for (const e of entries) {
    const registry = typeof e.replica === 'string' ? e.replica : '';
    if (e.type === 'registry.crashed' || e.type === 'registry.stepped-down' || e.type === 'registry.paused') {
      serving.delete(registry);
      if (serving.size === 0) downAt ??= e.t;
    } else if (e.type === 'registry.resumed') {
      serving.add(registry);
      downAt = null;
    } else if (e.type === 'registry.restarted' || e.type === 'registry.started') {
      if (e.type === 'registry.started' && registry === '' && downAt === null) continue;
      serving.delete('');
      serving.add(registry);
      out.registryBlind.push([downAt ?? e.t, e.t + bounds.restartGraceMs]);
      downAt = null;
    } else if (e.type === 'db.stalled' || e.type === 'db.stopped') {
      dbDownAt ??= e.t;
    } else if (e.type === 'db.resumed' && dbDownAt !== null) {
      out.registryBlind.push([dbDownAt, e.t]);
      dbDownAt = null;
    } else if (e.type === 'guard') {
      if (e.held === true) heldAt = e.t;
      else if (heldAt !== null) {
        out.guardHeld.push([heldAt, e.t]);
        heldAt = null;
      }
    } else if (e.type === 'fault.partition' && Array.isArray(e.nodes)) {
      for (const node of e.nodes) change(node, e.t, () => partitions.set(node, (partitions.get(node) ?? 0) + 1));
    } else if (e.type === 'fault.heal' && Array.isArray(e.nodes)) {
      for (const node of e.nodes) change(node, e.t, () => partitions.set(node, Math.max(0, (partitions.get(node) ?? 0) - 1)));
    } else if ((e.type === 'fault.pause' || e.type === 'fault.resume') && Array.isArray(e.nodes)) {
      for (const node of e.nodes) change(node, e.t, () => (e.type === 'fault.pause' ? paused.add(node) : paused.delete(node)));
    } else if (e.type === 'fault.clear' && Array.isArray(e.nodes)) {
      for (const node of e.nodes) change(node, e.t, () => (partitions.delete(node), faulted.delete(node)));
    } else if (e.type.startsWith('fault.') && e.type !== 'fault.crash' && e.type !== 'fault.restart' && Array.isArray(e.nodes)) {
      for (const node of e.nodes) change(node, e.t, () => faulted.add(node));
    }
  }
  const end = bounds.endMs + 1;
  if (downAt !== null) out.registryBlind.push([downAt, end]);
  if (dbDownAt !== null) out.registryBlind.push([dbDownAt, end]);
  if (heldAt !== null) out.guardHeld.push([heldAt, end]);
  for (const [node, from] of since) out.cut.set(node, [...(out.cut.get(node) ?? []), [from, end]]);
  return out;
}

export function overlaps(windows: readonly [number, number][] | undefined, from: number, to: number): boolean {
  return (windows ?? []).some(([a, b]) => a <= to && b >= from);
}

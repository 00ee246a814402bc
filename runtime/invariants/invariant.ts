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
  /** Successes in a row that close a worker's half-open breaker. */
  breakerSuccessThreshold: number;
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
  const registry = new RegistryBlindness(bounds.restartGraceMs);
  const guard = new GuardWindows();
  const links = new LinkCuts();
  for (const e of entries) {
    registry.see(e);
    guard.see(e);
    links.see(e);
  }
  const end = bounds.endMs + 1;
  return { registryBlind: registry.close(end), guardHeld: guard.close(end), cut: links.close(end) };
}

/**
 * Which registries serve (one; with replicas, each by name): blind while none does, and through
 * the restart grace of the next one to start; with replicas, also while the database is stalled
 * or down (no registry can change anything).
 */
class RegistryBlindness {
  private readonly windows: [number, number][] = [];
  private readonly serving = new Set<string>(['']);
  private downAt: number | null = null;
  private dbDownAt: number | null = null;
  private readonly restartGraceMs: number;

  constructor(restartGraceMs: number) {
    this.restartGraceMs = restartGraceMs;
  }

  see(e: LogEntry): void {
    const registry = typeof e.replica === 'string' ? e.replica : '';
    if (e.type === 'registry.crashed' || e.type === 'registry.stepped-down' || e.type === 'registry.paused') {
      this.serving.delete(registry);
      if (this.serving.size === 0) this.downAt ??= e.t;
    } else if (e.type === 'registry.resumed') {
      this.serving.add(registry);
      this.downAt = null;
    } else if (e.type === 'registry.restarted' || e.type === 'registry.started') {
      if (e.type === 'registry.started' && registry === '' && this.downAt === null) return;
      this.serving.delete('');
      this.serving.add(registry);
      this.windows.push([this.downAt ?? e.t, e.t + this.restartGraceMs]);
      this.downAt = null;
    } else if (e.type === 'db.stalled' || e.type === 'db.stopped') {
      this.dbDownAt ??= e.t;
    } else if (e.type === 'db.resumed' && this.dbDownAt !== null) {
      this.windows.push([this.dbDownAt, e.t]);
      this.dbDownAt = null;
    }
  }

  close(end: number): [number, number][] {
    if (this.downAt !== null) this.windows.push([this.downAt, end]);
    if (this.dbDownAt !== null) this.windows.push([this.dbDownAt, end]);
    return this.windows;
  }
}

/** While the mass-failure guard held. */
class GuardWindows {
  private readonly windows: [number, number][] = [];
  private heldAt: number | null = null;

  see(e: LogEntry): void {
    if (e.type !== 'guard') return;
    if (e.held === true) this.heldAt = e.t;
    else if (this.heldAt !== null) {
      this.windows.push([this.heldAt, e.t]);
      this.heldAt = null;
    }
  }

  close(end: number): [number, number][] {
    if (this.heldAt !== null) this.windows.push([this.heldAt, end]);
    return this.windows;
  }
}

/**
 * Per node, while its link was disturbed: a partition holds it (partitions count up and heal one
 * by one), another fault is on it (latency, resets, black holes: until cleared), or the worker is
 * stopped (SIGSTOP) until resumed.
 */
class LinkCuts {
  private readonly cut = new Map<string, [number, number][]>();
  private readonly partitions = new Map<string, number>();
  private readonly faulted = new Set<string>();
  private readonly paused = new Set<string>();
  private readonly since = new Map<string, number>();

  see(e: LogEntry): void {
    if (!e.type.startsWith('fault.') || e.type === 'fault.crash' || e.type === 'fault.restart' || !Array.isArray(e.nodes)) return;
    for (const node of e.nodes as string[]) {
      const before = this.disturbed(node);
      this.apply(e.type, node);
      const after = this.disturbed(node);
      if (!before && after) this.since.set(node, e.t);
      if (before && !after) {
        this.add(node, [this.since.get(node) ?? e.t, e.t]);
        this.since.delete(node);
      }
    }
  }

  close(end: number): Map<string, [number, number][]> {
    for (const [node, from] of this.since) this.add(node, [from, end]);
    return this.cut;
  }

  private disturbed(node: string): boolean {
    return (this.partitions.get(node) ?? 0) > 0 || this.faulted.has(node) || this.paused.has(node);
  }

  private apply(type: string, node: string): void {
    if (type === 'fault.partition') this.partitions.set(node, (this.partitions.get(node) ?? 0) + 1);
    else if (type === 'fault.heal') this.partitions.set(node, Math.max(0, (this.partitions.get(node) ?? 0) - 1));
    else if (type === 'fault.pause') this.paused.add(node);
    else if (type === 'fault.resume') this.paused.delete(node);
    else if (type === 'fault.clear') {
      this.partitions.delete(node);
      this.faulted.delete(node);
    } else this.faulted.add(node);
  }

  private add(node: string, window: [number, number]): void {
    this.cut.set(node, [...(this.cut.get(node) ?? []), window]);
  }
}

export function overlaps(windows: readonly [number, number][] | undefined, from: number, to: number): boolean {
  return (windows ?? []).some(([a, b]) => a <= to && b >= from);
}

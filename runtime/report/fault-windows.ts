// Fault windows from the log: per lane, crash instants, down-time after a crash, partitions
// (`fault.partition` → `fault.heal`, overlapping ones counted) and link faults (any other
// `fault.<kind>` naming nodes, until `fault.clear`; a pause until `fault.resume`); for the whole cluster, registry down-time
// (`registry.crashed` → restart) and the mass-failure guard's holding windows.
import type { LogEntry } from '../events/log-entry.ts';

export interface Window {
  from: number;
  to: number;
  kind: string;
  detail: string;
}

export interface Instant {
  t: number;
  detail: string;
}

export interface FaultWindows {
  byLane: Map<string, Window[]>;
  crashes: Map<string, Instant[]>;
  registryDown: Window[];
  guard: Window[];
}

/** Entry types that open or close windows themselves, not link faults. */
const NOT_LINK_FAULTS = new Set(['fault.crash', 'fault.restart', 'fault.partition', 'fault.heal', 'fault.clear', 'fault.resume']);

function nodesOf(entry: LogEntry): string[] {
  if (typeof entry.node === 'string') return [entry.node];
  return Array.isArray(entry.nodes) ? entry.nodes.filter((n): n is string => typeof n === 'string') : [];
}

/** The entry's own fields as "key=value" text, for hover titles. */
export function fieldsText(entry: LogEntry): string {
  const skip = new Set(['t', 'type', 'node', 'nodes']);
  return Object.entries(entry)
    .filter(([key]) => !skip.has(key))
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(' ') : String(value)}`)
    .join(', ');
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function faultWindows(entries: readonly LogEntry[], endMs: number): FaultWindows {
  const tracker = new WindowTracker();
  for (const e of entries) tracker.see(e);
  return tracker.finish(endMs);
}

/** Windows opened by some entries and closed by later ones; those still open close at the end. */
class WindowTracker {
  readonly #out: FaultWindows = { byLane: new Map(), crashes: new Map(), registryDown: [], guard: [] };
  readonly #downSince = new Map<string, Instant>();
  readonly #cut = new Map<string, { since: number; count: number; detail: string }>();
  readonly #open = new Map<string, Map<string, { since: number; detail: string }>>();
  #registryDownAt: number | null = null;
  #guardAt: { t: number; detail: string } | null = null;

  see(e: LogEntry): void {
    const nodes = nodesOf(e);
    if (e.type === 'fault.crash') for (const node of nodes) this.#crash(node, e);
    else if (e.type === 'fault.restart' || (e.type === 'worker' && e.to !== 'down')) for (const node of nodes) this.#closeDown(node, e.t);
    else if (e.type === 'fault.partition') for (const node of nodes) this.#partition(node, e);
    else if (e.type === 'fault.heal') for (const node of nodes) this.#heal(node, e.t);
    else if (e.type === 'fault.clear') for (const node of nodes) this.#closeLink(node, e.t);
    else if (e.type === 'fault.resume') for (const node of nodes) this.#closeLink(node, e.t, 'pause');
    else if (e.type.startsWith('fault.') && !NOT_LINK_FAULTS.has(e.type)) for (const node of nodes) this.#linkFault(node, e);
    else this.#cluster(e);
  }

  #crash(node: string, e: LogEntry): void {
    const detail = `crash of ${node}${typeof e.id === 'string' ? ` (member ${e.id})` : ''}`;
    push(this.#out.crashes, node, { t: e.t, detail });
    if (!this.#downSince.has(node)) this.#downSince.set(node, { t: e.t, detail });
  }

  #closeDown(node: string, t: number): void {
    const since = this.#downSince.get(node);
    if (!since) return;
    push(this.#out.byLane, node, { from: since.t, to: t, kind: 'down', detail: since.detail });
    this.#downSince.delete(node);
  }

  #partition(node: string, e: LogEntry): void {
    const held = this.#cut.get(node);
    const detail = `partitioned${typeof e.forMs === 'number' ? ` for ${e.forMs} ms` : ''}`;
    this.#cut.set(node, held ? { ...held, count: held.count + 1 } : { since: e.t, count: 1, detail });
  }

  #heal(node: string, t: number): void {
    const held = this.#cut.get(node);
    if (!held) return;
    if (held.count > 1) this.#cut.set(node, { ...held, count: held.count - 1 });
    else {
      push(this.#out.byLane, node, { from: held.since, to: t, kind: 'partition', detail: held.detail });
      this.#cut.delete(node);
    }
  }

  #linkFault(node: string, e: LogEntry): void {
    const kind = e.type.slice('fault.'.length);
    this.#closeLink(node, e.t, kind);
    if (!this.#open.has(node)) this.#open.set(node, new Map());
    this.#open.get(node)!.set(kind, { since: e.t, detail: `${kind} ${fieldsText(e)}`.trim() });
  }

  #closeLink(node: string, t: number, kind?: string): void {
    for (const [k, since] of this.#open.get(node) ?? []) {
      if (kind !== undefined && k !== kind) continue;
      push(this.#out.byLane, node, { from: since.since, to: t, kind: k, detail: since.detail });
      this.#open.get(node)!.delete(k);
    }
  }

  /** The registry down (crashed or stopped until it starts again) and the guard holding. */
  #cluster(e: LogEntry): void {
    if (e.type === 'registry.crashed' || e.type === 'registry.stopped') {
      this.#registryDownAt ??= e.t;
    } else if ((e.type === 'registry.restarted' || e.type === 'registry.started') && this.#registryDownAt !== null) {
      this.#out.registryDown.push({ from: this.#registryDownAt, to: e.t, kind: 'registry-down', detail: `registry down, then ${e.type}` });
      this.#registryDownAt = null;
    } else if (e.type === 'guard') {
      if (e.held === true) this.#guardAt ??= { t: e.t, detail: `guard holds failures (unhealthy fraction ${String(e.unhealthyFraction)})` };
      else if (this.#guardAt) {
        this.#out.guard.push({ from: this.#guardAt.t, to: e.t, kind: 'guard', detail: this.#guardAt.detail });
        this.#guardAt = null;
      }
    }
  }

  finish(endMs: number): FaultWindows {
    const out = this.#out;
    for (const node of [...this.#downSince.keys()]) this.#closeDown(node, endMs);
    for (const [node, held] of this.#cut) push(out.byLane, node, { from: held.since, to: endMs, kind: 'partition', detail: `${held.detail} (not healed by the end)` });
    for (const node of [...this.#open.keys()]) this.#closeLink(node, endMs);
    if (this.#registryDownAt !== null) out.registryDown.push({ from: this.#registryDownAt, to: endMs, kind: 'registry-down', detail: 'registry down until the end' });
    if (this.#guardAt) out.guard.push({ from: this.#guardAt.t, to: endMs, kind: 'guard', detail: `${this.#guardAt.detail} until the end` });
    for (const list of out.byLane.values()) list.sort((a, b) => a.from - b.from || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    return out;
  }
}

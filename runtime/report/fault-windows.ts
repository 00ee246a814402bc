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
  const out: FaultWindows = { byLane: new Map(), crashes: new Map(), registryDown: [], guard: [] };
  const downSince = new Map<string, Instant>();
  const cut = new Map<string, { since: number; count: number; detail: string }>();
  const open = new Map<string, Map<string, { since: number; detail: string }>>();
  let registryDownAt: number | null = null;
  let guardAt: { t: number; detail: string } | null = null;
  const closeDown = (node: string, t: number) => {
    const since = downSince.get(node);
    if (!since) return;
    push(out.byLane, node, { from: since.t, to: t, kind: 'down', detail: since.detail });
    downSince.delete(node);
  };
  const closeLink = (node: string, t: number, kind?: string) => {
    for (const [k, since] of open.get(node) ?? []) {
      if (kind !== undefined && k !== kind) continue;
      push(out.byLane, node, { from: since.since, to: t, kind: k, detail: since.detail });
      open.get(node)!.delete(k);
    }
  };
  for (const e of entries) {
    const nodes = nodesOf(e);
    if (e.type === 'fault.crash') {
      for (const node of nodes) {
        const detail = `crash of ${node}${typeof e.id === 'string' ? ` (member ${e.id})` : ''}`;
        push(out.crashes, node, { t: e.t, detail });
        if (!downSince.has(node)) downSince.set(node, { t: e.t, detail });
      }
    } else if (e.type === 'fault.restart' || (e.type === 'worker' && e.to !== 'down')) {
      for (const node of nodes) closeDown(node, e.t);
    } else if (e.type === 'fault.partition') {
      for (const node of nodes) {
        const held = cut.get(node);
        const detail = `partitioned${typeof e.forMs === 'number' ? ` for ${e.forMs} ms` : ''}`;
        cut.set(node, held ? { ...held, count: held.count + 1 } : { since: e.t, count: 1, detail });
      }
    } else if (e.type === 'fault.heal') {
      for (const node of nodes) {
        const held = cut.get(node);
        if (!held) continue;
        if (held.count > 1) cut.set(node, { ...held, count: held.count - 1 });
        else {
          push(out.byLane, node, { from: held.since, to: e.t, kind: 'partition', detail: held.detail });
          cut.delete(node);
        }
      }
    } else if (e.type === 'fault.clear') {
      for (const node of nodes) closeLink(node, e.t);
    } else if (e.type === 'fault.resume') {
      for (const node of nodes) closeLink(node, e.t, 'pause');
    } else if (e.type.startsWith('fault.') && !NOT_LINK_FAULTS.has(e.type)) {
      const kind = e.type.slice('fault.'.length);
      for (const node of nodes) {
        closeLink(node, e.t, kind);
        if (!open.has(node)) open.set(node, new Map());
        open.get(node)!.set(kind, { since: e.t, detail: `${kind} ${fieldsText(e)}`.trim() });
      }
    } else if (e.type === 'registry.crashed' || e.type === 'registry.stopped') {
      registryDownAt ??= e.t;
    } else if ((e.type === 'registry.restarted' || e.type === 'registry.started') && registryDownAt !== null) {
      out.registryDown.push({ from: registryDownAt, to: e.t, kind: 'registry-down', detail: `registry down, then ${e.type}` });
      registryDownAt = null;
    } else if (e.type === 'guard') {
      if (e.held === true) guardAt ??= { t: e.t, detail: `guard holds failures (unhealthy fraction ${String(e.unhealthyFraction)})` };
      else if (guardAt) {
        out.guard.push({ from: guardAt.t, to: e.t, kind: 'guard', detail: guardAt.detail });
        guardAt = null;
      }
    }
  }
  for (const node of [...downSince.keys()]) closeDown(node, endMs);
  for (const [node, held] of cut) push(out.byLane, node, { from: held.since, to: endMs, kind: 'partition', detail: `${held.detail} (not healed by the end)` });
  for (const node of [...open.keys()]) closeLink(node, endMs);
  if (registryDownAt !== null) out.registryDown.push({ from: registryDownAt, to: endMs, kind: 'registry-down', detail: 'registry down until the end' });
  if (guardAt) out.guard.push({ from: guardAt.t, to: endMs, kind: 'guard', detail: `${guardAt.detail} until the end` });
  for (const list of out.byLane.values()) list.sort((a, b) => a.from - b.from || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return out;
}

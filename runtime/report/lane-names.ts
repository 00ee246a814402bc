// Which lane an entry belongs to. Lanes are worker nodes (the `node` of `worker` and `fault.*`
// entries); member IDs and job assignments are mapped to nodes through the IDs that `worker`
// and `fault.crash` entries carry. A member no node ever claimed gets a lane of its own.
import type { LogEntry } from '../events/log-entry.ts';

export interface LaneIndex {
  /** Lane names in natural order (w2 before w10). */
  names: string[];
  /** Member ID → lane name. */
  laneOfMember: Map<string, string>;
}

/** Compares "w2" < "w10" and "node-09" < "node-10". */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

function nodesOf(entry: LogEntry): string[] {
  if (typeof entry.node === 'string') return [entry.node];
  if (Array.isArray(entry.nodes)) return entry.nodes.filter((n): n is string => typeof n === 'string');
  return [];
}

/** Lanes touched by an entry: its node(s), or the lane of the member it names. */
export function lanesOfEntry(entry: LogEntry, index: LaneIndex): string[] {
  const nodes = nodesOf(entry);
  if (nodes.length > 0) return nodes;
  const member = entry.type === 'job' ? entry.member : entry.id;
  if (typeof member === 'string') {
    const lane = index.laneOfMember.get(member);
    if (lane !== undefined) return [lane];
  }
  return [];
}

export function indexLanes(entries: readonly LogEntry[]): LaneIndex {
  const names = new Set<string>();
  const laneOfMember = new Map<string, string>();
  for (const e of entries) {
    const isNodeEntry = e.type === 'worker' || e.type.startsWith('fault.');
    if (!isNodeEntry) continue;
    for (const node of nodesOf(e)) names.add(node);
    // The first node to claim an ID keeps it: a second claimant is what an invariant reports.
    if (typeof e.node === 'string' && typeof e.id === 'string' && !laneOfMember.has(e.id)) laneOfMember.set(e.id, e.node);
  }
  for (const e of entries) {
    if ((e.type === 'member' || e.type === 'member.removed') && typeof e.id === 'string' && !laneOfMember.has(e.id)) {
      laneOfMember.set(e.id, e.id);
      names.add(e.id);
    }
  }
  return { names: [...names].sort(naturalCompare), laneOfMember };
}

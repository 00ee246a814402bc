// The dashboard's member table, filtered, sorted and paged on the server: a page of 100,000
// members never leaves the registry whole. One pass over the members to filter, one sort of
// what matched, one slice.
import { stateOf, substateOf, type MemberReadout } from '../../machines/registry/member-table.ts';
import type { RegistryReads } from '../../machines/registry/registry.ts';

export const SORT_KEYS = ['id', 'name', 'state', 'heartbeat', 'epoch', 'jobs'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface PageQuery {
  /** A state (`active`) or a state and substate (`active.draining`). */
  state?: string;
  /** Case-insensitive text in the ID, the name, or a label's key or value. */
  q?: string;
  sort: SortKey;
  desc: boolean;
  offset: number;
  limit: number;
}

export interface MemberRow {
  id: string;
  name: string;
  state: string;
  substate: string | null;
  epoch: number;
  /** Milliseconds since the last heartbeat; null before the first. */
  heartbeatAgeMs: number | null;
  jobs: number;
  maxJobs: number;
  labels: Record<string, string>;
}

export interface MemberPage {
  total: number;
  matched: number;
  offset: number;
  rows: MemberRow[];
}

function matches(member: MemberReadout, query: PageQuery): boolean {
  if (query.state) {
    const state = stateOf(member);
    const full = `${state}.${substateOf(member) ?? ''}`;
    if (query.state !== state && query.state !== full) return false;
  }
  if (!query.q) return true;
  const q = query.q.toLowerCase();
  if (member.id.toLowerCase().includes(q) || member.name.toLowerCase().includes(q)) return true;
  return Object.entries(member.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q));
}

const KEYS: Record<SortKey, (m: MemberReadout) => string | number> = {
  id: (m) => m.id,
  name: (m) => m.name,
  state: (m) => `${stateOf(m)}.${substateOf(m) ?? ''}`,
  heartbeat: (m) => m.lastHeartbeatAt,
  epoch: (m) => m.ctx.epoch,
  jobs: (m) => m.jobIds.length,
};

export function memberPage(core: RegistryReads, query: PageQuery, now: number): MemberPage {
  const key = KEYS[query.sort];
  const matched: MemberReadout[] = [];
  for (const member of core.members()) if (matches(member, query)) matched.push(member);
  const sign = query.desc ? -1 : 1;
  matched.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
  });
  const rows = matched.slice(query.offset, query.offset + query.limit).map((m) => ({
    id: m.id,
    name: m.name,
    state: stateOf(m),
    substate: substateOf(m),
    epoch: m.ctx.epoch,
    heartbeatAgeMs: m.lastHeartbeatAt > 0 ? Math.max(0, now - m.lastHeartbeatAt) : null,
    jobs: m.jobIds.length,
    maxJobs: m.ctx.maxConcurrentJobs,
    labels: m.labels,
  }));
  return { total: core.memberCount, matched: matched.length, offset: query.offset, rows };
}

// MemberTable.step (machines/registry/member-table.ts): one event through the member machine
// (docs/behaviour.md §1). The table runs every member's transitions through one actor scope that
// collects the actions the machine names; each step must return its own actions and no other's.
import { describe, expect, it } from 'vitest';
import { MemberTable, newMemberRecord, stateOf } from '../../../machines/registry/member-table.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import type { Effect } from '../../../machines/registry/registry.types.ts';

function tableOf(count: number) {
  const table = new MemberTable(defaultRegistryConfig, [] as Effect[]);
  const members = Array.from({ length: count }, (_, i) => {
    const member = newMemberRecord(`w-${i}`, { name: `n${i}`, address: `10.0.0.${i}:7000`, maxConcurrentJobs: 2 }, 0);
    table.add(member);
    table.step(member, { type: 'member.registered', at: 0, epoch: 1, maxConcurrentJobs: 2, currentJobs: 0 });
    return member;
  });
  return { table, members };
}

describe('MemberTable.step', () => {
  it('returns the actions of its own transition only, member after member', () => {
    const { table, members } = tableOf(2);
    const [a, b] = members as [ReturnType<typeof newMemberRecord>, ReturnType<typeof newMemberRecord>];
    expect(table.step(a, { type: 'heartbeat.overdue', at: 1_000 }).actions).toEqual([]);
    const unhealthyToFailed = table.step(a, { type: 'unhealthy.expired', at: 2_000 });
    expect(unhealthyToFailed).toEqual({ before: 'unhealthy', actions: ['revokeSession', 'requeueJobs'] });
    expect(table.step(b, { type: 'jobs.changed', at: 2_000, currentJobs: 2 })).toEqual({ before: 'active.idle', actions: [] });
    expect(table.step(a, { type: 'cleanup.due', at: 3_000 }).actions).toEqual(['revokeSession', 'clearAssignments']);
  });

  it('keeps the state reached, the context and the counts per state', () => {
    const { table, members } = tableOf(3);
    const a = members[0]!;
    table.step(a, { type: 'jobs.changed', at: 500, currentJobs: 2 });
    expect(a.value).toEqual({ active: 'busy' });
    expect(a.ctx.currentJobs).toBe(2);
    table.step(a, { type: 'heartbeat.overdue', at: 1_000 });
    expect(stateOf(a)).toBe('unhealthy');
    expect(a.ctx.since).toBe(1_000);
    expect(table.counts).toMatchObject({ active: 2, unhealthy: 1, registered: 0 });
  });
});

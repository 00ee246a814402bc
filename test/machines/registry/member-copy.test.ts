// copyOf: the store's own copy of a member (runtime/store/memory-store.ts keeps one per save).
// It must share nothing with the registry's record and leave the worker report behind, as a
// structured clone does, since no store may write the report (machines/registry/worker-report.ts).
import { describe, expect, it } from 'vitest';
import { copyOf } from '../../../machines/registry/member-copy.ts';
import { newMemberRecord, type MemberRecord } from '../../../machines/registry/member-table.ts';
import { keepReport, REPORT, type ReportingMember } from '../../../machines/registry/worker-report.ts';

function busyMember(): ReportingMember {
  const member: MemberRecord = newMemberRecord('w-1', { name: 'one', address: '127.0.0.1:7000', maxConcurrentJobs: 4 }, 1_000);
  member.value = { active: 'busy' };
  member.ctx.recoveries.push(500, 900);
  member.jobIds.push('j-1', 'j-2');
  member.labels.zone = 'a';
  member.capabilities.gpu = 'none';
  member.resources.cpuCores = 8;
  member.instance = undefined;
  keepReport(member, { workerId: 'w-1', epoch: 1, sessionToken: 't', currentJobs: 2 }, 2);
  return member;
}

describe('copyOf', () => {
  it('gives what a structured clone gives: every field, the same values, in the same order', () => {
    const member = busyMember();
    const copy = copyOf(member);
    expect(copy).toStrictEqual(structuredClone(member));
    expect(Object.keys(copy)).toEqual(Object.keys(member));
  });

  it('leaves the worker report behind', () => {
    const member = busyMember();
    expect(member[REPORT]).toBeDefined();
    expect((copyOf(member) as ReportingMember)[REPORT]).toBeUndefined();
  });

  it('shares nothing the registry changes later', () => {
    const member = busyMember();
    const copy = copyOf(member);
    member.ctx.recoveries.push(1_200);
    member.ctx.epoch = 9;
    member.jobIds.pop();
    member.labels.zone = 'b';
    member.resources.cpuCores = 1;
    (member.value as Record<string, string>).active = 'idle';
    expect(copy.ctx.recoveries).toEqual([500, 900]);
    expect(copy.ctx.epoch).toBe(0);
    expect(copy.jobIds).toEqual(['j-1', 'j-2']);
    expect(copy.labels.zone).toBe('a');
    expect(copy.resources.cpuCores).toBe(8);
    expect(copy.value).toEqual({ active: 'busy' });
  });
});

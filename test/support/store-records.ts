// Members and jobs as the registry writes them, for the store tests and the crash writer.
import { newMemberRecord, type MemberRecord } from '../../machines/registry/member-table.ts';
import type { Job } from '../../machines/registry/registry.types.ts';

export function memberRecord(id: string, extra: Partial<MemberRecord> = {}): MemberRecord {
  const member = newMemberRecord(id, { name: `worker ${id}`, address: `10.0.0.1:${id.length + 7000}`, maxConcurrentJobs: 4 }, 1_000);
  return {
    ...member,
    secret: `secret-${id}`,
    sessionToken: `token-${id}`,
    value: { active: 'idle' },
    ctx: { ...member.ctx, epoch: 2, recoveries: [500, 900] },
    lastHeartbeatAt: 1_500,
    capabilities: { gpu: 'a100' },
    labels: { zone: 'eu-1' },
    resources: { cpuCores: 8, memoryMb: 16_384 },
    jobIds: [],
    ...extra,
  };
}

export function jobRecord(id: string, extra: Partial<Job> = {}): Job {
  return {
    id,
    kind: 'resize',
    payload: `{"image":"${id}.png"}`,
    requires: {},
    timeoutMs: 60_000,
    state: 'queued',
    attempt: 0,
    memberId: null,
    epoch: 0,
    submittedAt: 2_000,
    assignedAt: 0,
    finishedAt: 0,
    result: '',
    ...extra,
  };
}

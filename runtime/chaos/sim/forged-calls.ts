// Calls a worker never makes, forged in the simulator with a member's ID (docs/behaviour.md §1
// Heartbeats, Deregistration): a heartbeat of its current session with a wrong token (of a live
// member, or of one that failed or left), a
// heartbeat naming the session before its current one, a deregistration of its current
// session without force while it holds jobs, and a result of its current session for one of its
// jobs naming an attempt the job is not on (docs/behaviour.md §3: what a late report of an
// earlier attempt would look like). Each is logged (`forged.call`, with the answer's
// code) for `forged-calls-refused`. Only the simulator can read the session a real registry
// issued, so real mode has no forged calls.
import { stateOf } from '../../../machines/registry/member-table.ts';
import { ScenarioError } from '../duration.ts';
import type { ForgedCall } from '../scenario.ts';
import type { SimStage } from './stage.ts';
import type { CoreAccess } from '../../registry/core-turn.ts';
import type { MemberReadout } from '../../../machines/registry/member-table.ts';

const FORGED_TOKEN = 'forged-session-token';

/** A result of the member's first job from its current session, for the attempt after the job's. */
function otherAttempt(core: CoreAccess, member: MemberReadout, now: number) {
  const jobId = member.jobIds[0];
  if (jobId === undefined) throw new ScenarioError(`cannot forge a result of ${member.id}: it holds no job`);
  const attempt = (core.job(jobId)?.attempt ?? 0) + 1;
  const report = { workerId: member.id, epoch: member.ctx.epoch, sessionToken: member.sessionToken, jobId, attempt, ok: true, result: 'forged' };
  return core.run({ kind: 'reportTask', report }, now);
}

export async function forgeCall(stage: SimStage, id: string, call: ForgedCall): Promise<string> {
  const outcome = await stage.call((core, now) => {
    const member = core.member(id);
    if (!member) throw new ScenarioError(`cannot forge a call of ${id}: it is not a member`);
    const { epoch } = member.ctx;
    const jobs = member.jobIds.length;
    const state = stateOf(member);
    if (call === 'deregister-without-force') {
      return { epoch, jobs, state, reply: core.run({ kind: 'deregister', request: { workerId: id, epoch, sessionToken: member.sessionToken, force: false, reason: 'forged' } }, now) };
    }
    if (call === 'other-attempt') return { epoch, jobs, state, reply: otherAttempt(core, member, now) };
    const named = call === 'old-session' ? epoch - 1 : epoch;
    const request = { workerId: id, epoch: named, sessionToken: FORGED_TOKEN, currentJobs: jobs, activeJobIds: [...member.jobIds] };
    return { epoch: named, jobs, state, reply: core.run({ kind: 'heartbeat', request }, now) };
  });
  const code = outcome.reply.ok ? 'ok' : outcome.reply.code;
  stage.log.write(stage.clock.now(), 'forged.call', { id, call, epoch: outcome.epoch, state: outcome.state, jobs: outcome.jobs, code });
  return code;
}

// Calls a worker never makes, forged in the simulator with a member's ID (docs/behaviour.md §1
// Heartbeats, Deregistration): a heartbeat of its current session with a wrong token (of a live
// member, or of one that failed or left), a
// heartbeat naming the session before its current one, and a deregistration of its current
// session without force while it holds jobs. Each is logged (`forged.call`, with the answer's
// code) for `forged-calls-refused`. Only the simulator can read the session a real registry
// issued, so real mode has no forged calls.
import { stateOf } from '../../../machines/registry/member-table.ts';
import { ScenarioError } from '../duration.ts';
import type { ForgedCall } from '../scenario.ts';
import type { SimStage } from './stage.ts';

const FORGED_TOKEN = 'forged-session-token';

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
    const named = call === 'old-session' ? epoch - 1 : epoch;
    const request = { workerId: id, epoch: named, sessionToken: FORGED_TOKEN, currentJobs: jobs, activeJobIds: [...member.jobIds] };
    return { epoch: named, jobs, state, reply: core.run({ kind: 'heartbeat', request }, now) };
  });
  const code = outcome.reply.ok ? 'ok' : outcome.reply.code;
  stage.log.write(stage.clock.now(), 'forged.call', { id, call, epoch: outcome.epoch, state: outcome.state, jobs: outcome.jobs, code });
  return code;
}

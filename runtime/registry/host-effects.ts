// The registry core's effects made real once durable (registry-host.ts): events written, tasks
// dispatched, dial-ins of a removed member cancelled.
import type { Effect } from '../../machines/registry/registry.types.ts';
import type { CoreTurn } from './core-turn.ts';
import type { DialsInFlight } from './dials-in-flight.ts';
import type { RegistryHostPorts } from './host-ports.ts';

/** Makes one effect real, after the store has it. */
export function performEffect(ports: RegistryHostPorts, dials: DialsInFlight, core: CoreTurn, effect: Effect, now: number): void {
  const { events } = ports;
  switch (effect.kind) {
    case 'member.transitioned':
      events.write(now, 'member', { id: effect.memberId, from: effect.from, to: effect.to, epoch: effect.epoch, reason: effect.reason, ...(effect.silentMs === undefined ? {} : { silentMs: effect.silentMs }), ...(effect.capacity === undefined ? {} : { capacity: effect.capacity }) });
      return;
    case 'check.failed':
      events.write(now, 'check.failed', { id: effect.memberId, epoch: effect.epoch, problem: effect.problem });
      return;
    case 'member.removed':
      events.write(now, 'member.removed', { id: effect.memberId });
      dials.cancel('the member was removed', effect.memberId);
      return;
    case 'job.saved':
      events.write(now, 'job', { id: effect.jobId, state: effect.state, member: effect.memberId, epoch: effect.epoch, attempt: effect.attempt, ...(effect.by === undefined ? {} : { by: effect.by, byEpoch: effect.byEpoch }) });
      return;
    case 'registration.refused':
      events.write(now, 'registration.refused', { id: effect.workerId, source: effect.source, code: effect.code });
      return;
    case 'member.deregistering':
      events.write(now, 'member.deregistering', { id: effect.memberId, force: effect.force, jobs: effect.jobs });
      return;
    case 'task.dispatched': {
      const member = core.member(effect.memberId);
      if (member) ports.dispatch(member, effect.task);
      return;
    }
    case 'guard.changed':
      events.write(now, 'guard', { held: effect.held, unhealthyFraction: Math.round(effect.unhealthyFraction * 1000) / 1000 });
      return;
    case 'member.saved':
      return;
  }
}

// One round of the reconnect monitor (docs/behaviour.md §1): the registry dials the WorkerAgent
// of each member the core names, counting it undialled until the worker answers.
import type { CoreTurn } from './core-turn.ts';
import type { DialsInFlight } from './dials-in-flight.ts';
import type { RegistryHostPorts } from './host-ports.ts';

/**
 * Dials each of the core's dial targets at `now`, recording each as failed until its dial
 * answers; an answer counts only while `current()` (the same registry still runs). Returns how
 * many members it dials.
 */
export function reconnectRound(core: CoreTurn, now: number, ports: RegistryHostPorts, dials: DialsInFlight, current: () => boolean): number {
  const targets = core.dialTargets(now);
  for (const member of targets) {
    core.run({ kind: 'dialed', memberId: member.id, ok: false }, now); // pessimistic until the dial answers
    ports.events.write(now, 'reconnect.dial', { id: member.id });
    const dial = dials.start(member.id);
    ports.dial(member, (ok) => {
      dials.end(dial);
      if (!ok || dial.signal.aborted || !current()) return;
      core.run({ kind: 'dialed', memberId: member.id, ok: true }, ports.clock.now());
      ports.events.write(ports.clock.now(), 'reconnect.succeeded', { id: member.id });
    }, dial.signal);
  }
  return targets.length;
}

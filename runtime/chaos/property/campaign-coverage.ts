// What a campaign reached (issue #21): the actions it drew, and the transitions of the member,
// worker and breaker machines its runs went through, read from their event logs and held
// against the machines' own definitions.
import type { LogEntry } from '../../events/log-entry.ts';
import { machineTransitions, type MachineName } from './machine-transitions.ts';

/** The log entry type that shows each machine's transitions. */
const ENTRY: Record<MachineName, string> = { member: 'member', worker: 'worker', breaker: 'breaker' };

/** Why a transition that only a registration makes cannot end busy or draining. */
const SESSIONS_START_IDLE =
  'only a registration leads there, and the registry opens every session with no jobs and no drain (currentJobs 0), so it settles in active.idle';

/** Why a busy or draining member is not failed by health checks in a campaign. */
const CHECKS_WHILE_BUSY =
  'three failed health checks in a row while busy or draining: a stale heartbeat turns the member unhealthy at its deadline first; what fails checks while active is a worker still running a job the registry took back (after a purge), and the campaign has only drawn that with the member idle (active.idle → failed)';

/**
 * Transitions the campaign cannot reach, and why. Each is still a transition of its machine;
 * the machines' unit tests and the scenario library cover what the simulator can show.
 */
function unreachable(): Record<string, string> {
  const out: Record<string, string> = {
    'member registered → inactive': 'a pre-registered member deregistered by an operator before its worker came: not an action of the scenario API',
    'member active.busy → failed': CHECKS_WHILE_BUSY,
    'member active.draining → failed': CHECKS_WHILE_BUSY,
    'worker starting → stopped': 'stopped while waiting to be dialled in: only an attach-only worker waits in starting, and the campaign has none',
    'worker active → stopped': 'told it is superseded by a newer process of the same worker: the simulator runs one process per state directory',
    'worker reconnecting → stopped': 'told it is superseded by a newer process of the same worker: the simulator runs one process per state directory',
  };
  for (const from of ['registered', 'failed', 'inactive', 'active.busy', 'active.draining']) {
    for (const to of ['active.busy', 'active.draining']) {
      if (from !== 'active.busy' || to !== 'active.draining') out[`member ${from} → ${to}`] = SESSIONS_START_IDLE;
    }
  }
  return out;
}

export const UNREACHABLE: Readonly<Record<string, string>> = unreachable();

export class CampaignCoverage {
  readonly actions = new Map<string, number>();
  readonly #seen = new Set<string>();
  readonly #all = machineTransitions();

  drew(kinds: readonly string[]): void {
    for (const kind of kinds) this.actions.set(kind, (this.actions.get(kind) ?? 0) + 1);
  }

  read(log: readonly LogEntry[]): void {
    for (const e of log) {
      for (const machine of Object.keys(ENTRY) as MachineName[]) {
        if (e.type === ENTRY[machine] && typeof e.from === 'string' && typeof e.to === 'string') this.#seen.add(`${machine} ${e.from} → ${e.to}`);
      }
    }
  }

  /** Every transition of each machine, and whether a run went through it. */
  transitions(): { machine: MachineName; transition: string; covered: boolean }[] {
    return (Object.entries(this.#all) as [MachineName, string[]][]).flatMap(([machine, list]) =>
      list.map((transition) => ({ machine, transition, covered: this.#seen.has(`${machine} ${transition}`) })),
    );
  }

  /** Transitions no run went through and that are not known to be unreachable. */
  missing(): string[] {
    return this.transitions()
      .map((t) => `${t.machine} ${t.transition}`)
      .filter((key) => !this.#seen.has(key) && !(key in UNREACHABLE));
  }

  /** The coverage report a campaign prints. */
  format(): string {
    const actions = [...this.actions].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`);
    const lines = [`coverage: actions drawn: ${actions.join(', ') || 'none'}`];
    for (const machine of Object.keys(this.#all) as MachineName[]) {
      const rows = this.transitions().filter((t) => t.machine === machine);
      const known = (t: { transition: string }) => `${machine} ${t.transition}` in UNREACHABLE;
      const reachable = rows.filter((t) => !known(t));
      const covered = reachable.filter((t) => t.covered);
      lines.push(`  ${machine}: ${covered.length} of ${reachable.length} reachable transitions (${rows.length - reachable.length} unreachable in a campaign)`);
      for (const t of reachable) if (!t.covered) lines.push(`    not reached: ${t.transition}`);
      for (const t of rows) if (t.covered && known(t)) lines.push(`    reached, though listed as unreachable: ${t.transition}`);
    }
    return lines.join('\n');
  }
}

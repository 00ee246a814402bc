// The campaign's actions beyond crashes, partitions and registry faults (issue #21): the rest
// of what the scenario API can do to a worker, its link and its member — pauses, SIGTERM,
// lost replies, black holes, slow links, an operator's purge, registrations with a wrong
// secret — so a campaign reaches every rule of docs/behaviour.md that a log can show.
import fc from 'fast-check';
import type { ScenarioRun } from '../scenario.ts';

export type WorkerAction =
  | { kind: 'pause'; worker: number; forMs: number }
  | { kind: 'stop'; worker: number }
  | { kind: 'unregister'; worker: number }
  | { kind: 'impostor'; worker: number; tries: number }
  | { kind: 'lose-replies'; workers: number[] }
  | { kind: 'blackhole'; workers: number[]; afterMs: number }
  | { kind: 'bandwidth'; workers: number[]; kbps: number };

/** What the script keeps track of: workers that stopped on purpose may stay stopped. */
export interface Bookkeeping {
  drained: Set<string>;
}

const MINUTE = 60_000;

/** The actions, weighted: fast-check's `oneof` entries for a cluster of `workers`. */
export function workerActions(one: fc.Arbitrary<number>, some: fc.Arbitrary<number[]>): fc.WeightedArbitrary<WorkerAction>[] {
  return [
    // Up to 6 minutes: past unhealthyAfter + failedAfter, so a frozen worker returns failed.
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), worker: one, forMs: fc.integer({ min: 1000, max: 6 * MINUTE }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const), worker: one }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('unregister' as const), worker: one }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('impostor' as const), worker: one, tries: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('lose-replies' as const), workers: some }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('blackhole' as const), workers: some, afterMs: fc.integer({ min: 0, max: 30_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bandwidth' as const), workers: some, kbps: fc.integer({ min: 1, max: 64 }) }) },
  ];
}

/** The story of one action, after its time and kind and workers. */
export function detailOf(action: WorkerAction): string {
  switch (action.kind) {
    case 'pause':
      return ` ${Math.round(action.forMs / 1000)}s`;
    case 'impostor':
      return ` ×${action.tries}`;
    case 'blackhole':
      return ` after ${action.afterMs}ms`;
    case 'bandwidth':
      return ` ${action.kbps}KB/s`;
    default:
      return '';
  }
}

/** Waits until some registry serves (with replicas there may be none for a while), as a client retries. */
export function served(run: ScenarioRun, what: string): Promise<void> {
  return run.until(async () => run.replicas.length === 0 || (await run.leader()) !== undefined, '10m', `a replica to lead, ${what}`);
}

export async function applyWorkerAction(run: ScenarioRun, action: WorkerAction, all: readonly string[], books: Bookkeeping): Promise<void> {
  const pick = (list: number[]) => list.map((i) => all[i]!);
  switch (action.kind) {
    case 'pause': {
      const name = all[action.worker]!;
      await run.pause(name);
      await run.wait(action.forMs);
      return run.resume(name);
    }
    case 'stop':
      // SIGTERM: the worker drains, deregisters (with force if jobs outlive its drain) and exits.
      books.drained.add(all[action.worker]!);
      return run.stop(all[action.worker]!);
    case 'unregister':
      await served(run, 'to purge a member');
      return run.unregister(all[action.worker]!);
    case 'impostor': {
      // Wrong secrets for a worker that has one: enough of them lock its ID out (its own worker,
      // showing its secret, still passes). Before the worker's first registration there is no
      // secret to get wrong.
      await served(run, 'to register');
      if (!(await run.member(all[action.worker]!))) return;
      for (let i = 0; i < action.tries; i++) await run.registerImpostor(all[action.worker]!);
      return;
    }
    case 'lose-replies':
      return run.loseReplies(...pick(action.workers));
    case 'blackhole':
      return run.blackhole(pick(action.workers), action.afterMs);
    case 'bandwidth':
      return run.bandwidth(pick(action.workers), action.kbps);
  }
}

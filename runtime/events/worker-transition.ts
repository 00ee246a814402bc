// What a worker's change of state is logged with besides its two states, in production (the
// worker's own log, which real-mode chaos reads) and in the simulator alike: as it begins to
// leave (draining, or deregistering), the jobs it is running. Those are the jobs it must let
// finish (docs/behaviour.md §1 Deregistration); the registry may count more as assigned to it,
// ones dispatched that never reached it, which the worker cannot finish and need not wait for.

/** `{ running }` when a worker moves to `draining` or `deregistering`, otherwise nothing. */
export function leavingWith(to: string, runningJobs: readonly string[]): { running?: string[] } {
  return to === 'draining' || to === 'deregistering' ? { running: [...runningJobs] } : {};
}

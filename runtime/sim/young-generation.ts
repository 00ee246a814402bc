// A young generation sized for a large simulation. Every worker keeps a heartbeat timer and its
// closures alive for 30 virtual seconds, and booting the cluster allocates its whole live heap
// at once: with V8's default semi-spaces (64 MB at most) a simulation of 100,000 workers
// scavenged every few thousand heartbeats, each scavenge copying and promoting what the next
// mark-compact then had to sweep (docs/performance.md, Simulator, third pass). V8 fixes the
// semi-space's maximum when the process starts (`v8.setFlagsFromString` later cannot raise it),
// so a large run starts itself again once, with `--max-semi-space-size`, and exits as that
// run does. The log is the same either way: only the garbage collector's rhythm changes.
import { spawnSync } from 'node:child_process';

/** Below this many workers the default young generation does (and the 10,000-worker bench keeps its memory). */
export const LARGE_RUN_WORKERS = 20_000;
const SEMI_FLAG = '--max-semi-space-size';

/** The semi-space, in MB, for a run of `workers`: 5 MB per thousand workers, 512 MB at most; null for a small run. */
export function semiSpaceMbFor(workers: number): number | null {
  if (workers < LARGE_RUN_WORKERS) return null;
  return Math.min(512, Math.round(workers / 200));
}

/**
 * Runs this same command again with a young generation sized for `workers` and exits with its
 * status; returns (doing nothing) for a small run, or when the process was started with a
 * semi-space size already (by the user, or by this function).
 */
export function relaunchForWorkers(workers: number): void {
  const mb = semiSpaceMbFor(workers);
  if (mb === null || process.execArgv.some((arg) => arg.startsWith(SEMI_FLAG))) return;
  const run = spawnSync(process.execPath, [...process.execArgv, `${SEMI_FLAG}=${mb}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
}

// Failure detection in real mode: a `rollcall registry`, K `rollcall worker` processes and a
// `rollcall proxy` with one link per worker (the chaos harness's real mode, runtime/chaos), every
// time constant × scale. One run, in phases: for each jitter J a latency toxic of J ± J each way
// on every link for `phaseMs`, then the toxics cleared and every worker back to active; last,
// C workers SIGKILLed at random moments, and time for the registry to call them failed. The
// rows come from the run's merged event log (the registry's state changes, the driver's crash
// marks), each phase's rows from its own stretch of it.
import { defineScenario, type ScenarioRun } from '../../runtime/chaos/scenario.ts';
import { realSettings, type RealSettings } from '../../runtime/chaos/real/time-scale.ts';
import { runRealScenario } from '../../runtime/chaos/real/run-real-scenario.ts';
import { latencyOf, rowOf, type Row } from './detect-rows.ts';

export interface RealDetectOptions {
  workers: number;
  /** Fraction of the workers crashed in the last phase. */
  crash: number;
  jitters: readonly string[];
  /** Production ms each jitter phase lasts. */
  phaseMs: number;
  scale: number;
  onProgress?: (text: string) => void;
}

export interface RealDetect {
  rows: Row[];
  /** Timeouts, errors and invariant violations of the run, one line each. */
  failures: string[];
  settings: RealSettings;
  wallMs: number;
}

/** Production time to look again while waiting for the workers. */
const POLL = '10s';

async function allActive(run: ScenarioRun, withinMs: number): Promise<void> {
  const deadline = run.elapsed() + withinMs;
  for (;;) {
    const states = await Promise.all(run.workers.map(async (w) => (await run.member(w))?.state ?? 'none'));
    const behind = run.workers.filter((_, i) => !states[i]!.startsWith('active'));
    if (behind.length === 0) return;
    if (run.elapsed() > deadline) throw new Error(`not every worker was active within ${withinMs / 60_000} min: ${behind.join(', ')}`);
    await run.wait(POLL);
  }
}

export async function runRealDetect(o: RealDetectOptions): Promise<RealDetect> {
  const phases: { label: string; from: number }[] = [];
  let crashFrom = Infinity;
  const victims = Math.max(1, Math.round(o.workers * o.crash));
  const scenario = defineScenario({
    name: 'detect',
    summary: 'failure detection: latency jitter phases, then crashes',
    workers: o.workers,
    modes: ['real'],
    async script(run) {
      await run.start(...run.workers);
      await allActive(run, 5 * 60_000);
      for (const j of o.jitters) {
        const { latency, jitter, label } = latencyOf(j);
        phases.push({ label, from: run.elapsed() });
        await run.latency(run.workers, latency, jitter);
        await run.wait(o.phaseMs);
        await run.clearFaults(...run.workers);
        await allActive(run, 10 * 60_000);
      }
      crashFrom = run.elapsed();
      for (const name of run.workers.slice(0, victims)) {
        await run.wait(Math.round(Math.random() * 10_000));
        await run.crash(name);
      }
      // unhealthyAfter + failedAfter after the last heartbeat, and one interval of slack.
      const { unhealthyAfterMs, failedAfterMs, heartbeatIntervalMs } = settings.registry;
      await run.wait((unhealthyAfterMs + failedAfterMs + 2 * heartbeatIntervalMs) / settings.scale);
    },
  });
  const settings = realSettings(scenario, o.scale);
  const started = Date.now();
  const result = await runRealScenario(scenario, { seed: 0, scale: o.scale, onProgress: o.onProgress });
  const rows: Row[] = [];
  if (crashFrom < Infinity) rows.push(rowOf(`crash=${victims} of ${o.workers}`, result.log, crashFrom));
  phases.forEach((p, i) => rows.push(rowOf(p.label, result.log, p.from, phases[i + 1]?.from ?? crashFrom)));
  return { rows, failures: result.failures.map((f) => `${f.kind}: ${f.message.split('\n')[0]}`), settings, wallMs: Date.now() - started };
}

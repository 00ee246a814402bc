// Runs a scenario in the simulator: the scenario's actions become actions on the simulated
// cluster (one registry, or replicas on a modelled database), its waits advance virtual time,
// and the event log is the simulator's own. The same seed replays the same run.
import { describeState } from '../../../machines/registry/member-table.ts';
import type { CoreAccess } from '../../registry/core-turn.ts';
import { boundsFor } from '../../invariants/bounds.ts';
import { checkInvariants, invariantNames } from '../../invariants/invariants.ts';
import type { SimWorker } from '../../sim/sim-worker.ts';
import { ms, ScenarioError } from '../duration.ts';
import { finishRun, ScriptState } from '../script-state.ts';
import type { JobStatus, MemberStatus, Scenario, ScenarioRun } from '../scenario.ts';
import { workerSpecs } from '../scenario.ts';
import type { ScenarioResult } from '../scenario-result.ts';
import { forgeCall } from './forged-calls.ts';
import { simClusterFaults, simLinkFaults } from './sim-faults.ts';
import { simStage, type SimStage } from './stage.ts';

/** How often `until` looks again, in virtual time. */
export const SIM_POLL_MS = 250;

export interface SimScenarioOptions {
  seed: number;
  /** False: the modelled database does not fence (only to show that the invariants catch it). */
  fence?: boolean;
}

export async function runSimScenario(scenario: Scenario, options: SimScenarioOptions): Promise<ScenarioResult> {
  const specs = workerSpecs(scenario);
  const started = performance.now();
  const stage = simStage(scenario, options.seed, options.fence ?? true);
  const state = new ScriptState(() => stage.clock.now());
  const run = simRun(stage, specs.map((s) => s.name), new Set(specs.filter((s) => s.attachOnly).map((s) => s.name)), state);
  await state.execute(() => scenario.script(run));
  const end = stage.clock.now();
  stage.finish();
  const serving = stage.serving();
  stage.log.write(end, 'sim.ended', { members: serving ? serving.core.memberCount : -1, active: 0, jobsLost: 0 });
  stage.log.close();
  const bounds = boundsFor(stage.registryConfig, stage.workerConfig, stage.rpcTimeoutMs, end);
  const violations = checkInvariants(stage.log.entries, bounds, scenario.invariants);
  return finishRun(scenario.name, 'sim', options.seed, state, violations, stage.log.entries, performance.now() - started, end, { invariants: invariantNames(scenario.invariants) });
}

/** What the script's actions reach: the stage, and its workers by name. */
interface SimCast {
  stage: SimStage;
  worker(name: string): SimWorker;
  /** The worker's ID at the registry (its name until it has one). */
  idOf(name: string): string;
  attachOnly: ReadonlySet<string>;
}

function simRun(stage: SimStage, names: readonly string[], attachOnly: ReadonlySet<string>, state: ScriptState): ScenarioRun {
  const worker = (name: string): SimWorker => {
    const found = stage.byNode.get(name);
    if (!found) throw new ScenarioError(`no worker named "${name}" (workers: ${names.join(', ')})`);
    return found;
  };
  const cast: SimCast = { stage, worker, idOf: (name) => worker(name).context?.workerId ?? worker(name).disk.workerId ?? name, attachOnly };
  return {
    mode: 'sim',
    workers: names,
    replicas: stage.replicas,
    ...processActions(cast),
    ...simLinkFaults(stage),
    ...simClusterFaults(stage),
    ...operatorCalls(cast),
    ...readings(cast),
    wait: (duration) => stage.pass(stage.clock.now() + ms(duration)),
    until: (condition, within, what) => state.until(condition, ms(within), what, (step) => stage.pass(stage.clock.now() + step), SIM_POLL_MS),
    figure: (name, value, unit) => state.figure(name, value, unit),
    check: (ok, message) => state.check(ok, message),
    elapsed: () => stage.clock.now(),
  };
}

/** Workers and the registry started, stopped, crashed, paused. */
function processActions({ stage, worker, idOf, attachOnly }: SimCast): Pick<ScenarioRun, 'start' | 'crash' | 'restart' | 'stop' | 'pause' | 'resume' | 'crashRegistry' | 'restartRegistry'> {
  const { clock, log } = stage;
  return {
    start: async (...ns) => ns.forEach((n) => worker(n).boot(!attachOnly.has(n))),
    crash: async (...ns) => {
      for (const n of ns) {
        log.write(clock.now(), 'fault.crash', { node: n, id: idOf(n) });
        worker(n).crash();
      }
    },
    restart: async (...ns) => {
      for (const n of ns) {
        // Restarting a running worker kills it first: one process per state dir.
        if (worker(n).up) {
          log.write(clock.now(), 'fault.crash', { node: n, id: idOf(n) });
          worker(n).crash();
        }
        log.write(clock.now(), 'fault.restart', { node: n });
        worker(n).boot(!attachOnly.has(n));
      }
    },
    stop: async (...ns) => ns.forEach((n) => worker(n).stop()),
    pause: async (...ns) => {
      log.write(clock.now(), 'fault.pause', { nodes: [...ns] });
      ns.forEach((n) => worker(n).pause());
    },
    resume: async (...ns) => {
      log.write(clock.now(), 'fault.resume', { nodes: [...ns] });
      ns.forEach((n) => worker(n).resume());
    },
    crashRegistry: async () => stage.registry().crash(),
    restartRegistry: async () => stage.registry().start(),
  };
}

/** What an operator asks of the registry: pre-registrations, jobs, drains, purges, and an impostor's registration. */
function operatorCalls({ stage, worker, idOf }: SimCast): Pick<ScenarioRun, 'preRegister' | 'submitJobs' | 'drain' | 'unregister' | 'registerImpostor' | 'forgeCall'> {
  let jobNumber = 0;
  return {
    preRegister: async (name) => {
      const outcome = await stage.call((c, now) => c.run({ kind: 'preRegister', request: { name, address: worker(name).address, workerId: name } }, now));
      if (!outcome.ok) throw new ScenarioError(`pre-registration of ${name} refused: ${outcome.message}`);
    },
    submitJobs: async (count, runFor) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const jobId = `job-${++jobNumber}`;
        const runMs = ms(runFor);
        const outcome = await stage.call((c, now) => c.run({ kind: 'submitJob', spec: { jobId, kind: 'sleep', payload: `sleep:${runMs}`, timeoutMs: Math.max(2 * runMs, 60_000) } }, now));
        if (outcome.ok) ids.push(jobId);
      }
      return ids;
    },
    drain: async (name) => {
      const outcome = await stage.call((c, now) => c.run({ kind: 'drain', workerId: idOf(name) }, now));
      if (!outcome.ok) throw new ScenarioError(`drain of ${name} refused: ${outcome.message}`);
    },
    unregister: async (name) => {
      await stage.call((c, now) => c.run({ kind: 'unregister', workerId: idOf(name) }, now));
    },
    registerImpostor: async (name) => {
      const outcome = await stage.call((c, now) =>
        c.run({ kind: 'register', request: { workerId: idOf(name), workerSecret: 'not-the-secret', name: 'impostor', address: worker(name).address, maxConcurrentJobs: 1 } }, now),
      );
      return outcome.ok ? 'ok' : outcome.code;
    },
    forgeCall: (name, call) => forgeCall(stage, idOf(name), call),
  };
}

/** What the script reads: members and jobs at the serving registry, a worker's state, its dial connections. */
function readings({ stage, worker, idOf }: SimCast): Pick<ScenarioRun, 'member' | 'jobs' | 'workerState' | 'dialSockets'> {
  const core = (): CoreAccess | null => stage.serving()?.core ?? null;
  return {
    member: async (name): Promise<MemberStatus | undefined> => {
      const member = core()?.member(idOf(name));
      return member && { id: member.id, state: describeState(member), epoch: member.ctx.epoch, jobs: member.jobIds.length };
    },
    jobs: async (): Promise<JobStatus[]> => [...(core()?.jobs() ?? [])].map((j) => ({ id: j.id, state: j.state, memberId: j.memberId, attempt: j.attempt })),
    workerState: async (name) => worker(name).state,
    dialSockets: async (name) => {
      const open = stage.dials.open(worker(name).node);
      stage.log.write(stage.clock.now(), 'dial.sockets', { node: name, id: idOf(name), open });
      return open;
    },
  };
}

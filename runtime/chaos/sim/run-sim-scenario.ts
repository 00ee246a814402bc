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
import { simStage, type SimStage } from './stage.ts';

/** The size the simulator assumes for a message when a bandwidth cap is set. */
const SIM_MESSAGE_BYTES = 512;

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

function simRun(stage: SimStage, names: readonly string[], attachOnly: ReadonlySet<string>, state: ScriptState): ScenarioRun {
  const { clock, network, log } = stage;
  const worker = (name: string): SimWorker => {
    const found = stage.byNode.get(name);
    if (!found) throw new ScenarioError(`no worker named "${name}" (workers: ${names.join(', ')})`);
    return found;
  };
  const idOf = (name: string) => worker(name).context?.workerId ?? worker(name).disk.workerId ?? name;
  const core = (): CoreAccess | null => stage.serving()?.core ?? null;
  const fault = (type: string, nodes: readonly string[], fields: Record<string, number> = {}) => log.write(clock.now(), type, { nodes: [...nodes], ...fields });
  const replicaFault = (type: string, fields: Record<string, string> = {}) => log.write(clock.now(), type, fields);
  /** Partitions and black holes the script made, per node, so clearFaults can undo them. */
  const cuts = new Map<string, number>();
  const cut = (name: string) => {
    network.partition(name);
    cuts.set(name, (cuts.get(name) ?? 0) + 1);
  };
  const uncut = (name: string) => {
    if (!cuts.get(name)) return;
    network.heal(name);
    cuts.set(name, cuts.get(name)! - 1);
  };
  let jobNumber = 0;
  return {
    mode: 'sim',
    workers: names,
    replicas: stage.replicas,
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
    crashRegistry: async () => stage.registry().crash(),
    restartRegistry: async () => stage.registry().start(),
    leader: async () => {
      const host = stage.cluster && stage.serving();
      const replica = host ? stage.cluster!.replicas.find((r) => r.host === host) : undefined;
      return replica ? { name: replica.name, epoch: replica.epoch ?? 0 } : undefined;
    },
    crashReplica: async (name) => {
      replicaFault('fault.replica.crash', { replica: name });
      stage.replica(name).kill();
    },
    restartReplica: async (name) => {
      replicaFault('fault.replica.restart', { replica: name });
      const replica = stage.replica(name);
      replica.kill();
      replica.start();
    },
    pauseReplica: async (name) => {
      replicaFault('fault.replica.pause', { replica: name });
      stage.replica(name).pause();
    },
    resumeReplica: async (name) => {
      replicaFault('fault.replica.resume', { replica: name });
      stage.replica(name).resume();
    },
    stallDatabase: async () => database().stall(),
    stopDatabase: async () => database().stop(),
    resumeDatabase: async () => database().resume(),
    databaseLatency: async (latency) => database().slow(ms(latency)),
    cutFromDatabase: async (name) => database().cut(stage.replica(name).name),
    healDatabase: async (name) => database().heal(stage.replica(name).name),
    preRegister: async (name) => {
      const outcome = await stage.call((c, now) => c.run({ kind: 'preRegister', request: { name, address: worker(name).address, workerId: name } }, now));
      if (!outcome.ok) throw new ScenarioError(`pre-registration of ${name} refused: ${outcome.message}`);
    },
    pause: async (...ns) => {
      fault('fault.pause', ns);
      ns.forEach((n) => worker(n).pause());
    },
    resume: async (...ns) => {
      fault('fault.resume', ns);
      ns.forEach((n) => worker(n).resume());
    },
    partition: async (...ns) => {
      fault('fault.partition', ns, { forMs: 0 });
      ns.forEach(cut);
    },
    heal: async (...ns) => {
      fault('fault.heal', ns);
      ns.forEach(uncut);
    },
    latency: async (ns, latency, jitter = 0) => {
      fault('fault.latency', ns, { ms: ms(latency), jitterMs: ms(jitter) });
      for (const n of ns) network.setLatency(n, ms(latency), ms(jitter));
    },
    resetPeer: async (...ns) => {
      fault('fault.reset', ns);
      for (const n of ns) network.setResetting(n, true);
    },
    bandwidth: async (ns, kbps) => {
      // Messages are small and not sized in the simulator: a cap becomes the time one
      // ~512-byte message takes at that rate.
      fault('fault.bandwidth', ns, { kbps });
      for (const n of ns) network.setLatency(n, Math.round((SIM_MESSAGE_BYTES / (kbps * 1024)) * 1000), 0);
    },
    loseReplies: async (...ns) => {
      fault('fault.lose-replies', ns);
      for (const n of ns) network.setLosingReplies(n, true);
    },
    blackhole: async (ns, after) => {
      // The simulator has no connections to close: a black hole drops everything until cleared.
      fault('fault.blackhole', ns, { afterMs: ms(after) });
      ns.forEach(cut);
    },
    clearFaults: async (...ns) => {
      fault('fault.clear', ns);
      for (const n of ns) {
        network.clearFaults(n);
        while (cuts.get(n)) uncut(n);
      }
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
    wait: (duration) => stage.pass(clock.now() + ms(duration)),
    until: (condition, within, what) => state.until(condition, ms(within), what, (step) => stage.pass(clock.now() + step), SIM_POLL_MS),
    member: async (name): Promise<MemberStatus | undefined> => {
      const member = core()?.member(idOf(name));
      return member && { id: member.id, state: describeState(member), epoch: member.ctx.epoch, jobs: member.jobIds.length };
    },
    jobs: async (): Promise<JobStatus[]> => [...(core()?.jobs() ?? [])].map((j) => ({ id: j.id, state: j.state, memberId: j.memberId, attempt: j.attempt })),
    workerState: async (name) => worker(name).state,
    dialSockets: async (name) => {
      const open = stage.dials.open(worker(name).node);
      log.write(clock.now(), 'dial.sockets', { node: name, id: idOf(name), open });
      return open;
    },
    figure: (name, value, unit) => state.figure(name, value, unit),
    check: (ok, message) => state.check(ok, message),
    elapsed: () => clock.now(),
  };

  function database() {
    if (!stage.cluster) throw new ScenarioError('this scenario has a single registry on its own store: give it `replicas: 2` or more for database faults');
    return stage.cluster.db;
  }
}

// Runs a scenario in the simulator: the scenario's actions become actions on the simulated
// cluster, its waits advance virtual time, and the event log is the simulator's own. The same
// seed replays the same run.
import { describeState } from '../../machines/registry/member-table.ts';
import type { Registry } from '../../machines/registry/registry.ts';
import { boundsFor } from '../invariants/bounds.ts';
import { checkInvariants } from '../invariants/invariants.ts';
import { emptyFaultPlan } from '../sim/fault-plan.ts';
import { buildWorld, type SimWorld } from '../sim/simulation.ts';
import type { SimWorker } from '../sim/sim-worker.ts';
import { ms, ScenarioError } from './duration.ts';
import { finishRun, ScriptState } from './script-state.ts';
import type { JobStatus, MemberStatus, Scenario, ScenarioRun } from './scenario.ts';
import { workerSpecs } from './scenario.ts';
import type { ScenarioResult } from './scenario-result.ts';

/** The size the simulator assumes for a message when a bandwidth cap is set. */
const SIM_MESSAGE_BYTES = 512;

/** How often `until` looks again, in virtual time. */
const POLL_MS = 250;

export async function runSimScenario(scenario: Scenario, options: { seed: number }): Promise<ScenarioResult> {
  const specs = workerSpecs(scenario);
  const started = performance.now();
  const world = buildWorld({
    workers: specs.length,
    nodes: specs.map((s) => ({ name: s.name, ...(s.capacity ? { capacity: s.capacity } : {}) })),
    durationMs: 0,
    seed: options.seed,
    faults: emptyFaultPlan(),
    ...(scenario.registry ? { registryConfig: scenario.registry } : {}),
    ...(scenario.worker ? { workerConfig: scenario.worker } : {}),
  });
  world.log.write(0, 'sim.started', { seed: options.seed, workers: specs.length, durationMs: 0 });
  world.registry.start();
  const state = new ScriptState(() => world.clock.now());
  const run = simRun(world, specs.map((s) => s.name), new Set(specs.filter((s) => s.attachOnly).map((s) => s.name)), state);
  await state.execute(() => scenario.script(run));
  const end = world.clock.now();
  world.log.write(end, 'sim.ended', { members: world.registry.up ? world.registry.core.table.members.size : -1, active: 0, jobsLost: 0 });
  world.log.close();
  const bounds = boundsFor(world.registryConfig, world.workerConfig, world.rpcTimeoutMs, end);
  const violations = checkInvariants(world.log.entries, bounds, scenario.invariants);
  return finishRun(scenario.name, 'sim', options.seed, state, violations, world.log.entries, performance.now() - started, end);
}

function simRun(world: SimWorld, names: readonly string[], attachOnly: ReadonlySet<string>, state: ScriptState): ScenarioRun {
  const { clock, network, log, registry } = world;
  const worker = (name: string): SimWorker => {
    const found = world.byNode.get(name);
    if (!found) throw new ScenarioError(`no worker named "${name}" (workers: ${names.join(', ')})`);
    return found;
  };
  const idOf = (name: string) => worker(name).context?.workerId ?? worker(name).disk.workerId ?? name;
  const onCore = <R>(handle: (core: Registry, now: number) => R): R => {
    if (!registry.up) throw new ScenarioError('the registry is down');
    return registry.call(handle);
  };
  const fault = (type: string, nodes: readonly string[], fields: Record<string, number> = {}) => log.write(clock.now(), type, { nodes: [...nodes], ...fields });
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
    crashRegistry: async () => registry.crash(),
    restartRegistry: async () => registry.start(),
    preRegister: async (name) => {
      const outcome = onCore((core, now) => core.preRegister({ name, address: worker(name).address, workerId: name }, now));
      if (!outcome.ok) throw new ScenarioError(`pre-registration of ${name} refused: ${outcome.message}`);
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
        const outcome = onCore((core, now) => core.submitJob({ jobId, kind: 'sleep', payload: `sleep:${runMs}`, timeoutMs: Math.max(2 * runMs, 60_000) }, now));
        if (outcome.ok) ids.push(jobId);
      }
      return ids;
    },
    drain: async (name) => {
      const outcome = onCore((core, now) => core.drain(idOf(name), now));
      if (!outcome.ok) throw new ScenarioError(`drain of ${name} refused: ${outcome.message}`);
    },
    unregister: async (name) => {
      onCore((core, now) => core.unregister(idOf(name), now));
    },
    registerImpostor: async (name) => {
      const outcome = onCore((core, now) =>
        core.register({ workerId: idOf(name), workerSecret: 'not-the-secret', name: 'impostor', address: worker(name).address, maxConcurrentJobs: 1 }, now),
      );
      return outcome.ok ? 'ok' : outcome.code;
    },
    wait: async (duration) => clock.runUntil(clock.now() + ms(duration)),
    until: (condition, within, what) => state.until(condition, ms(within), what, async (step) => clock.runUntil(clock.now() + step), POLL_MS),
    member: async (name): Promise<MemberStatus | undefined> => {
      if (!registry.up) return undefined;
      const member = registry.core.table.get(idOf(name));
      return member && { id: member.id, state: describeState(member), epoch: member.ctx.epoch, jobs: member.jobIds.length };
    },
    jobs: async (): Promise<JobStatus[]> =>
      registry.up ? [...registry.core.jobs.jobs.values()].map((j) => ({ id: j.id, state: j.state, memberId: j.memberId, attempt: j.attempt })) : [],
    workerState: async (name) => worker(name).state,
    figure: (name, value, unit) => state.figure(name, value, unit),
    check: (ok, message) => state.check(ok, message),
    elapsed: () => clock.now(),
  };
}

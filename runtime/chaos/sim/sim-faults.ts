// A scenario's faults in the simulator (run-sim-scenario.ts): link faults become faults of the
// simulated network, replica and database faults act on the simulated cluster, each logged as
// real mode logs it.
import { ms, ScenarioError } from '../duration.ts';
import type { ScenarioRun } from '../scenario.ts';
import type { SimStage } from './stage.ts';

/** The size the simulator assumes for a message when a bandwidth cap is set. */
const SIM_MESSAGE_BYTES = 512;

type LinkFaults = Pick<ScenarioRun, 'partition' | 'heal' | 'latency' | 'resetPeer' | 'bandwidth' | 'loseReplies' | 'blackhole' | 'clearFaults'>;

/** Faults on workers' links; partitions and black holes are counted per node so clearFaults undoes them all. */
export function simLinkFaults(stage: SimStage): LinkFaults {
  const { clock, network, log } = stage;
  const fault = (type: string, nodes: readonly string[], fields: Record<string, number> = {}) => log.write(clock.now(), type, { nodes: [...nodes], ...fields });
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
  return {
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
  };
}

type ClusterFaults = Pick<
  ScenarioRun,
  'leader' | 'crashReplica' | 'restartReplica' | 'pauseReplica' | 'resumeReplica' | 'stallDatabase' | 'stopDatabase' | 'resumeDatabase' | 'databaseLatency' | 'cutFromDatabase' | 'healDatabase'
>;

/** Faults on a replicated registry: its replicas and its modelled database. */
export function simClusterFaults(stage: SimStage): ClusterFaults {
  const replicaFault = (type: string, fields: Record<string, string> = {}) => stage.log.write(stage.clock.now(), type, fields);
  const database = () => {
    if (!stage.cluster) throw new ScenarioError('this scenario has a single registry on its own store: give it `replicas: 2` or more for database faults');
    return stage.cluster.db;
  };
  return {
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
  };
}

// Heartbeat throughput of a replica cluster: N registry replicas on one PostgreSQL database and
// N load generators, each registering its workers on the leader and streaming their heartbeats
// to one replica (generator g to replica g), as workers with --spread-heartbeats do: standbys
// answer them and hand them on through the database. The leader's CPU is read over the
// measured window, the standbys' over the whole run.
import { runLoad, type LoadOptions, type LoadRun } from '../heartbeat/drive-load.ts';
import { ReplicaCluster } from '../../test/support/replica-cluster.ts';

export interface ThroughputRun extends LoadRun {
  replicas: number;
  /** Each standby's CPU over the measured window, in % of one core. */
  standbyCpuPercent: number[];
  /**
   * Heartbeats per second per core of the busiest replica: the rate the cluster could carry if
   * that replica had its core to itself. On a 2-core machine that also runs the load
   * generators, this is the honest way to compare cluster sizes; the raw rate is bounded by the machine.
   */
  perBusiestCore: number;
}

export async function replicaThroughput(db: string, replicas: number, load: LoadOptions): Promise<ThroughputRun> {
  const cluster = new ReplicaCluster(db);
  // The bench's own pace: no member may turn unhealthy while a generator warms up.
  for (let i = 1; i <= replicas; i++) await cluster.startReplica(`r${i}`, ['--log-level', 'warn', '--unhealthy-after', '2m', '--heartbeat-flush-interval', '1s']);
  const leader = await cluster.awaitLeader();
  const beatPorts = [leader.grpcPort, ...[...cluster.replicas.values()].filter((r) => r !== leader).map((r) => r.grpcPort)];
  const standbys = [...cluster.replicas.values()].filter((r) => r !== leader).map((r) => r.proc.child.pid!);
  const run = await runLoad(
    { protocol: 'rollcall', pid: leader.proc.child.pid!, port: leader.grpcPort, joinToken: cluster.joinToken, stop: async () => {} },
    { ...load, generators: replicas, beatPorts, alsoMeasure: standbys },
  );
  await cluster.stop();
  const busiest = Math.max(run.cpuPercent, ...run.alsoCpuPercent);
  return { ...run, replicas, standbyCpuPercent: run.alsoCpuPercent, perBusiestCore: run.perSecond / (busiest / 100) };
}

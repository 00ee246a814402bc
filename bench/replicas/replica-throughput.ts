// Heartbeat throughput of a replica cluster: N registry replicas on one PostgreSQL database,
// the heartbeat bench's load generators driving the leader (registrations and heartbeats go
// where the lease is), the leader's CPU read over the measured window. With active–standby
// replicas the cluster's rate is the leader's; the standbys' CPU is shown to say what they cost.
import { cpuUs } from '../heartbeat/targets.ts';
import { runLoad, type LoadOptions, type LoadRun } from '../heartbeat/drive-load.ts';
import { ReplicaCluster } from '../../test/support/replica-cluster.ts';

export interface ThroughputRun extends LoadRun {
  replicas: number;
  /** CPU of the standbys over the whole run, per second of run, in % of one core. */
  standbyCpuPercent: number;
}

export async function replicaThroughput(db: string, replicas: number, load: LoadOptions): Promise<ThroughputRun> {
  const cluster = new ReplicaCluster(db);
  for (let i = 1; i <= replicas; i++) await cluster.startReplica(`r${i}`, ['--log-level', 'warn']);
  const leader = await cluster.awaitLeader();
  const standbys = [...cluster.replicas.values()].filter((r) => r !== leader).map((r) => r.proc.child.pid!);
  const standbyStart = standbys.reduce((sum, pid) => sum + cpuUs(pid), 0);
  const started = performance.now();
  const run = await runLoad(
    { protocol: 'rollcall', pid: leader.proc.child.pid!, port: leader.grpcPort, joinToken: cluster.joinToken, stop: async () => {} },
    load,
  );
  const standbyCpu = standbys.reduce((sum, pid) => sum + cpuUs(pid), 0) - standbyStart;
  const elapsedMs = performance.now() - started;
  await cluster.stop();
  return { ...run, replicas, standbyCpuPercent: standbys.length ? (standbyCpu / 1000 / elapsedMs) * 100 : 0 };
}

// Registry replicas as real processes on one PostgreSQL database, for the scale-out tests and
// scenarios: start, kill, pause and resume replicas, find the leader, and point the Cluster's
// REST helpers at it.
import { Cluster, FAST_REGISTRY, type Proc } from './cluster.ts';

export interface ReplicaProc {
  name: string;
  proc: Proc;
  grpcPort: number;
  httpPort: number;
}

/** Lease timing short enough for a test: failover within about a second and a half. */
export const FAST_LEASE = ['--lease-ttl', '1200ms', '--lease-renew', '300ms'];

export class ReplicaCluster extends Cluster {
  readonly replicas = new Map<string, ReplicaProc>();

  constructor(dbUrl: string) {
    super();
    this.db = dbUrl;
  }

  /** Starts (or restarts, on its old ports) replica `name`; resolves when it listens (a first leader loads the cluster first). */
  async startReplica(name: string, extra: string[] = [], readyWithinMs = 10_000): Promise<ReplicaProc> {
    const old = this.replicas.get(name);
    const ports = old ? ['--grpc-port', String(old.grpcPort), '--http-port', String(old.httpPort)] : ['--grpc-port', '0', '--http-port', '0'];
    const proc = this.spawn([
      'registry', ...ports, '--db', this.db, '--replica-id', name, '--log-level', 'info',
      '--join-token', this.joinToken, '--admin-token', this.adminToken, ...FAST_REGISTRY, ...FAST_LEASE, ...extra,
    ]);
    const ready = await proc.line((l) => l.startsWith('rollcall registry: gRPC on'), readyWithinMs);
    const match = /:(\d+), REST on http:\/\/[^:]+:(\d+)/.exec(ready)!;
    const replica = { name, proc, grpcPort: Number(match[1]), httpPort: Number(match[2]) };
    this.replicas.set(name, replica);
    return replica;
  }

  /** Every replica's gRPC endpoint, for a worker's --registry list. */
  get endpoints(): string {
    return [...this.replicas.values()].map((r) => `127.0.0.1:${r.grpcPort}`).join(',');
  }

  /** The replica whose /health says its registry runs (the leader; readiness waits out the restart grace too), or null. */
  async leader(): Promise<ReplicaProc | null> {
    for (const replica of this.replicas.values()) {
      const health = await fetch(`http://127.0.0.1:${replica.httpPort}/health`, { signal: AbortSignal.timeout(500) }).then(
        (r) => r.json() as Promise<{ registryUp: boolean }>,
        () => null,
      );
      if (health?.registryUp) return replica;
    }
    return null;
  }

  /** Waits until a replica (other than `not`) leads, then aims the REST helpers at it. */
  async awaitLeader(timeoutMs = 10_000, not?: string): Promise<ReplicaProc> {
    const leader = await this.until(() => this.leader(), (l) => l !== null && l.name !== not, timeoutMs, 'a leader');
    this.grpcPort = leader!.grpcPort;
    this.httpPort = leader!.httpPort;
    return leader!;
  }

  /** Lines a replica logged with this pino `event`. */
  events(name: string, event: string): Record<string, unknown>[] {
    const replica = this.replicas.get(name)!;
    return replica.proc.stderr
      .split('\n')
      .filter((l) => l.includes(`"event":"${event}"`))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

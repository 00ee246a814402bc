// A registry on a PostgreSQL database shared by replicas (registry-storage.ts chooses it for a
// postgres:// --db): the lease holder serves, the others stand by. Loaded only for such a
// database, so an install without PostgreSQL's driver (an optional dependency) never needs it.
import { hostname } from 'node:os';
import { META_KEY, resolveClusterTokens } from '../auth/tokens.ts';
import { pgReplicaPorts } from '../cluster/pg-replica-ports.ts';
import { Lease } from '../cluster/lease.ts';
import { Replica, LEADER_LEASE } from '../cluster/replica.ts';
import { StandbyReads } from '../cluster/standby-reads.ts';
import { SystemClock } from '../clock/clock.ts';
import { PostgresStore } from '../store/postgres/postgres-store.ts';
import { NO_STORE, type RegistryStorage, type StorageOptions } from './storage-port.ts';

export async function openReplicated(url: string, options: StorageOptions): Promise<RegistryStorage> {
  const settings = options.replica ?? {};
  const ttl = settings.leaseTtlMs ?? 10_000;
  // A statement that outlasts half the lease is abandoned, so a stalled database cannot hold a
  // leader's renew (and its belief that it leads) past the TTL.
  const base = await PostgresStore.open(url, { queryTimeoutMs: Math.max(200, Math.floor(ttl / 2)) });
  let replica: Replica | null = null;
  let standby: StandbyReads | null = null;
  try {
    const tokens = await resolveClusterTokens(base, options);
    return {
      get store() {
        return replica?.store ?? NO_STORE;
      },
      tokens,
      get replica() {
        return replica;
      },
      get standby() {
        return standby;
      },
      async begin(host, endpoints) {
        const id = settings.id ?? `${hostname()}:${endpoints.grpc.split(':').pop()}`;
        const ports = pgReplicaPorts(base, endpoints, { id, leaseTtlMs: ttl, metaKeys: Object.values(META_KEY), config: host.config, clock: new SystemClock(), logger: options.logger, events: options.replicaEvents });
        standby = new StandbyReads(id, host.config, { load: () => base.load(), leader: () => Lease.holderOf(base.pool, LEADER_LEASE), now: () => Date.now() });
        replica = new Replica(host, ports, { id, leaseRenewMs: settings.leaseRenewMs ?? 2_000 });
        await replica.start();
      },
      async end() {
        await replica?.stop();
        await base.close();
      },
    };
  } catch (error) {
    await base.close();
    throw error;
  }
}

// One crash-anywhere round (issue item 5): a storm of REST registrations, deregistrations and
// job submissions against a real registry process, SIGKILL at a random moment, a restart on
// the same database, and the check that every acknowledged write is there and every record
// is whole. Shared by test/integration/crash-anywhere.test.ts and bench/crash/crash.bench.ts.
import { SeededRandom } from '../../machines/random.ts';
import { Cluster } from '../../test/support/cluster.ts';

export interface RoundResult {
  killedAfterMs: number;
  acked: { registrations: number; deregistrations: number; jobs: number };
  unacked: number;
  problems: string[];
}

/** Deadlines far away: nothing may change by itself between the kill and the check. */
const SLOW = ['--heartbeat-interval', '30s', '--unhealthy-after', '10m', '--failed-after', '10m', '--health-check-interval', '10m', '--cleanup-interval', '10m', '--restart-grace', '10m'];

interface Acked {
  registered: Map<string, { epoch: number; sessionToken: string }>;
  deregistered: Set<string>;
  jobs: Set<string>;
  unacked: number;
}

async function stormLoop(cluster: Cluster, loop: number, random: SeededRandom, acked: Acked, stop: { now: boolean }): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const roll = random.int(0, 9);
    try {
      if (roll < 5) {
        const id = `s${loop}-${i}`;
        const r = await cluster.api<{ worker: { epoch: number }; sessionToken: string }>('POST', '/api/workers', { workerId: id, name: id, address: `127.0.0.1:${10_000 + loop * 1000 + (i % 1000)}`, maxConcurrentJobs: 2 });
        if (r.status === 201 || r.status === 200) acked.registered.set(id, { epoch: r.body.worker.epoch, sessionToken: r.body.sessionToken });
      } else if (roll < 8) {
        const jobId = `j${loop}-${i}`;
        const r = await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId });
        if (r.status === 201 || r.status === 200) acked.jobs.add(jobId);
      } else {
        const mine = [...acked.registered.keys()].filter((id) => id.startsWith(`s${loop}-`) && !acked.deregistered.has(id));
        const id = mine[random.int(0, Math.max(0, mine.length - 1))];
        if (id === undefined) continue;
        const s = acked.registered.get(id)!;
        const r = await cluster.api('POST', `/api/workers/${id}/deregister`, { epoch: s.epoch, sessionToken: s.sessionToken, force: true, reason: 'storm' });
        if (r.status === 200) acked.deregistered.add(id);
      }
    } catch {
      acked.unacked++; // the registry died with this request in flight
      return;
    }
  }
}

/** One round; `db` is the registry's `--db` (default: a SQLite file of the round's own). */
export async function crashRound(seed: number, loops = 8, db = ''): Promise<RoundResult> {
  const random = new SeededRandom(seed);
  const cluster = new Cluster();
  cluster.db = db;
  // On PostgreSQL the restarted process is a replica that must wait out the dead one's lease.
  const settings = db ? [...SLOW, '--lease-ttl', '1s', '--lease-renew', '250ms'] : SLOW;
  const serving = () => cluster.until(() => cluster.api<{ registryUp: boolean }>('GET', '/health'), (r) => r.body.registryUp, 15_000, 'the registry to serve');
  try {
    await cluster.startRegistry(settings);
    await serving();
    const acked: Acked = { registered: new Map(), deregistered: new Set(), jobs: new Set(), unacked: 0 };
    const stop = { now: false };
    const storm = Array.from({ length: loops }, (_, loop) => stormLoop(cluster, loop, new SeededRandom(seed * 31 + loop), acked, stop));
    const killedAfterMs = random.int(50, 800);
    await new Promise((r) => setTimeout(r, killedAfterMs));
    await cluster.registry!.kill(); // SIGKILL
    stop.now = true;
    await Promise.all(storm);

    await cluster.startRegistry(settings);
    await serving();
    const problems: string[] = [];
    const workers = (await cluster.api<{ workers: { id: string; state: string; epoch: number; name: string }[] }>('GET', '/api/workers')).body.workers;
    const byId = new Map(workers.map((w) => [w.id, w]));
    for (const [id, s] of acked.registered) {
      const w = byId.get(id);
      if (!w) problems.push(`acknowledged registration ${id} is missing`);
      else if (w.epoch < s.epoch) problems.push(`${id}: epoch ${w.epoch} < acknowledged ${s.epoch}`);
      else if (acked.deregistered.has(id) && w.state !== 'inactive') problems.push(`${id}: acknowledged deregistration, but ${w.state}`);
    }
    for (const w of workers) {
      if (!w.name || !['registered', 'active', 'unhealthy', 'failed', 'inactive'].includes(w.state)) problems.push(`half-applied member ${JSON.stringify(w)}`);
    }
    const jobs = (await cluster.api<{ jobs: { id: string; state: string; kind: string }[] }>('GET', '/api/jobs')).body.jobs;
    const jobIds = new Set(jobs.map((j) => j.id));
    for (const id of acked.jobs) if (!jobIds.has(id)) problems.push(`acknowledged job ${id} is missing`);
    for (const j of jobs) if (j.kind !== 'sleep' || !j.state) problems.push(`half-applied job ${JSON.stringify(j)}`);
    return {
      killedAfterMs,
      acked: { registrations: acked.registered.size, deregistrations: acked.deregistered.size, jobs: acked.jobs.size },
      unacked: acked.unacked,
      problems,
    };
  } finally {
    await cluster.stop();
  }
}

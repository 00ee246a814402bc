// Registry core memory and sweep cost as the member count grows: for each count, in a fresh
// child process (so heaps do not mix), N members registered into a `Registry` (machines/
// registry) with no store and production's CryptoChance, the heap they take (after a full GC), a full health-check sweep and a
// cleanup sweep, then a restart: N members written to a SQLite file with `SqliteStore`, timed
// `store.load()` and `new Registry(…, snapshot)` in a fresh process, as after a restart.
//   npx node bench/members/members.bench.ts [--members 10000,100000,1000000] [--cap 50000] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { Registry } from '../../machines/registry/registry.ts';
import { CryptoChance } from '../../runtime/registry/crypto-chance.ts';
import { SqliteStore } from '../../runtime/store/sqlite-store.ts';
import { benchArgs } from '../support/bench-args.ts';

const command = benchArgs(
  `usage: rollcall bench members [--members 10000,100000,1000000] [--cap 50000] [--json]
  registry core memory, sweep cost and SQLite reload as the member count grows (a child process per count)
  --cap R  maxHeartbeatsPerSecond, to see the interval stretch so the offered rate stays under it`,
  {
    members: { type: 'string', default: '10000,100000,1000000' },
    cap: { type: 'string', default: String(defaultRegistryConfig.maxHeartbeatsPerSecond) },
    json: { type: 'boolean', default: false },
    // Between this process and its children.
    one: { type: 'string' },
    reload: { type: 'string' },
    n: { type: 'string', default: '0' },
  },
);
const { values } = command;

interface Figures {
  members: number;
  heapBytesPerMember: number;
  reloadedHeapBytesPerMember: number;
  rssBytesPerMember: number;
  registerMs: number;
  healthCheckMs: number;
  cleanupMs: number;
  /** The heartbeat interval the registry hands out at this size, and the rate it makes all members offer. */
  heartbeatIntervalMs: number;
  offeredPerSecond: number;
  maxHeartbeatsPerSecond: number;
  storeWriteMs: number;
  storeLoadMs: number;
  rebuildMs: number;
  reloadMs: number;
}

// --cap sets maxHeartbeatsPerSecond, to see the interval stretch so the offered rate stays under it.
const config = { ...defaultRegistryConfig, maxHeartbeatsPerSecond: command.whole('cap', values.cap, 1, 100_000_000) };

const gc = () => {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc!();
};

/** Median of `runs` timings of `f`, in ms. */
function timed(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function measure(n: number): Figures {
  const now = 1_800_000_000_000;
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage.rss();
  // maxMembers (100,000 by default) would refuse the rest of a larger count.
  let registry: Registry | null = new Registry({ ...config, maxMembers: Math.max(config.maxMembers, n) }, new CryptoChance(), now);
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const { reply } = registry.execute({ kind: 'register', request: { name: `w-${i}`, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7000`, maxConcurrentJobs: 4, version: 'bench' } }, now);
    if (!reply.ok) throw new Error(`registration ${i} refused: ${reply.message}`);
  }
  registry.takeHeartbeatWrites();
  const registerMs = performance.now() - t;
  gc();
  const heapBytesPerMember = (process.memoryUsage().heapUsed - heap0) / n;
  const rssBytesPerMember = (process.memoryUsage.rss() - rss0) / n;

  // Every member is active and fresh: the sweep looks at all of them and judges none.
  const core = registry;
  const later = now + 1000;
  const heartbeatIntervalMs = core.heartbeatIntervalMs();
  const healthCheckMs = timed(5, () => void core.execute({ kind: 'checkHealth' }, later));
  const cleanupMs = timed(5, () => void core.execute({ kind: 'cleanup' }, later));

  const dir = mkdtempSync(join(tmpdir(), 'rollcall-members-'));
  try {
    const store = SqliteStore.open(join(dir, 'rollcall.db'));
    t = performance.now();
    let batch = [];
    for (const member of core.members()) {
      batch.push({ kind: 'member' as const, member });
      if (batch.length === 10_000) {
        store.write(batch);
        batch = [];
      }
    }
    store.write(batch);
    store.close();
    const storeWriteMs = performance.now() - t;
    registry = null;
    batch = [];
    // The restart, in a fresh process as a real one is: open the file, read every member,
    // rebuild the core from the snapshot.
    const { storeLoadMs, rebuildMs, reloadedHeapBytesPerMember } = JSON.parse(child(['--reload', join(dir, 'rollcall.db'), '--n', String(n)])) as Reload;
    const round = (x: number) => Number(x.toFixed(1));
    return {
      members: n, heapBytesPerMember: Math.round(heapBytesPerMember), reloadedHeapBytesPerMember, rssBytesPerMember: Math.round(rssBytesPerMember),
      heartbeatIntervalMs, offeredPerSecond: Math.round((n * 1000) / heartbeatIntervalMs), maxHeartbeatsPerSecond: config.maxHeartbeatsPerSecond,
      registerMs: round(registerMs), healthCheckMs: round(healthCheckMs), cleanupMs: round(cleanupMs),
      storeWriteMs: round(storeWriteMs), storeLoadMs: round(storeLoadMs), rebuildMs: round(rebuildMs), reloadMs: round(storeLoadMs + rebuildMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Reload { storeLoadMs: number; rebuildMs: number; reloadedHeapBytesPerMember: number }

function reload(path: string, n: number): Reload {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t = performance.now();
  const store = SqliteStore.open(path);
  const snapshot = store.load();
  const storeLoadMs = performance.now() - t;
  const t2 = performance.now();
  const rebuilt = new Registry(defaultRegistryConfig, new CryptoChance(), 1_800_000_060_000, snapshot);
  const rebuildMs = performance.now() - t2;
  store.close();
  gc(); // the snapshot's lists (8 B a member) are still counted; its records are the core's
  const reloadedHeapBytesPerMember = Math.round((process.memoryUsage().heapUsed - heapBefore) / n);
  if (rebuilt.memberCount !== n) throw new Error(`reloaded ${rebuilt.memberCount} of ${n} members`);
  return { storeLoadMs, rebuildMs, reloadedHeapBytesPerMember };
}

/** Runs this file in a child with a GC to call and room for 1M members; its last stdout line. */
function child(args: string[]): string {
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`members bench ${args.join(' ')} failed (exit ${run.status})`);
  return run.stdout.trim().split('\n').at(-1)!;
}

if (values.reload !== undefined) {
  console.log(JSON.stringify(reload(values.reload, Number(values.n))));
} else if (values.one !== undefined) {
  console.log(JSON.stringify(measure(Number(values.one))));
} else {
  const counts = values.members.split(',').map((n) => command.whole('members', n, 1, 10_000_000));
  const results: Figures[] = [];
  for (const n of counts) results.push(JSON.parse(child(['--one', String(n), '--cap', String(config.maxHeartbeatsPerSecond)])) as Figures);
  if (values.json) console.log(JSON.stringify({ results, loadAverage: Number(loadavg()[0]!.toFixed(2)) }));
  else {
    console.log(`rollcall bench members — registry core (no store), sweeps, SQLite reload (machine load average ${loadavg()[0]!.toFixed(2)})`);
    console.log('  members    heap/member  reloaded  rss/member  register  health check  cleanup  store write  load + rebuild = reload  interval → offered/s (cap)');
    for (const r of results) {
      console.log(`  ${String(r.members).padStart(9)}  ${String(r.heapBytesPerMember).padStart(9)} B  ${String(r.reloadedHeapBytesPerMember).padStart(6)} B  ${String(r.rssBytesPerMember).padStart(8)} B  ${r.registerMs.toFixed(0).padStart(6)} ms  ${r.healthCheckMs.toFixed(1).padStart(9)} ms  ${r.cleanupMs.toFixed(1).padStart(5)} ms  ${r.storeWriteMs.toFixed(0).padStart(8)} ms  ${r.storeLoadMs.toFixed(0)} + ${r.rebuildMs.toFixed(0)} = ${r.reloadMs.toFixed(0)} ms  ${r.heartbeatIntervalMs / 1000} s → ${r.offeredPerSecond} (${r.maxHeartbeatsPerSecond})`);
    }
  }
}

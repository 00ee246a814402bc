// Heartbeat throughput against a real registry process, and in the same run its ceiling (a bare
// grpc-js server with the same messages that does no work, bare-server.ts) and, with --peer
// etcd, etcd's lease keepalives (etcd-peer.ts) under the same harness. G load-generator
// processes (load-generator.ts) make the sessions and send the heartbeats (drive-load.ts).
// Server CPU is read from /proc/<pid>/stat over the measured window only (sessions and the
// warm-up excluded); RSS from /proc/<pid>/status at its end.
//   npx node bench/heartbeat/heartbeat.bench.ts --help
import { loadavg } from 'node:os';
import { runLoad, type LoadOptions, type LoadRun } from './drive-load.ts';
import { ETCD_INSTALL, findEtcd, startEtcd } from './etcd-peer.ts';
import { HEARTBEAT_USAGE, parseHeartbeatOptions, type HeartbeatOptions } from './heartbeat-options.ts';
import { bottleneck, figuresOf, printFigures } from './heartbeat-report.ts';
import { startBareServer, startRegistry } from './targets.ts';

function fail(message: string): never {
  console.error(`rollcall bench heartbeat: ${message}`);
  process.exit(2);
}

let options: HeartbeatOptions;
try {
  options = parseHeartbeatOptions(process.argv.slice(2));
} catch (error) {
  fail((error as Error).message);
}
if (options.help) {
  console.log(HEARTBEAT_USAGE);
  process.exit(0);
}
const etcd = options.peer === 'etcd' ? findEtcd() : null;
if (options.peer === 'etcd' && !etcd) fail(`--peer etcd needs etcd, which is not installed: ${ETCD_INSTALL}`);

const load: LoadOptions = { ...options };
const loadBefore = loadavg()[0]!;
try {
  const registry = await runLoad(await startRegistry(options.profileDir), load);
  const ceiling = options.ceiling ? await runLoad(await startBareServer(), load) : null;
  const peer: LoadRun | null = etcd ? await runLoad(await startEtcd(etcd), load) : null;
  const halfLoad = { ...load, rate: Math.round(registry.perSecond / 2) };
  const half = options.halfRate ? await runLoad(await startRegistry(), halfLoad) : null;
  // The ceiling at the same fixed rate: how much of the tail is grpc-js and the machine.
  const halfCeiling = options.halfRate && options.ceiling ? await runLoad(await startBareServer(), halfLoad) : null;
  const runs = { registry, ceiling, peer, half, halfCeiling };
  const figures = figuresOf(options, runs, { before: loadBefore, after: loadavg()[0]! });
  if (options.json) console.log(JSON.stringify(figures));
  else printFigures(options, runs, figures, bottleneck(registry, options.generators));
} catch (error) {
  console.error(`rollcall bench heartbeat: ${(error as Error).message}`);
  process.exit(1);
}

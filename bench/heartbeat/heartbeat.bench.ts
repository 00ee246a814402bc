// Heartbeat throughput against a real registry process, and its ceiling in the same run: a bare
// grpc-js server with the same messages that does no work (bare-server.ts). A separate load
// generator process (load-generator.ts) registers the workers and sends their heartbeats.
// Server CPU is read from /proc/<pid>/stat over the measured window only (registration and a
// one-second warm-up excluded); RSS from /proc/<pid>/status at its end.
//   npx node bench/heartbeat/heartbeat.bench.ts [--workers 1000] [--streams 10] [--duration 10s]
//     [--mode stream|unary] [--rate R] [--window 32] [--half-rate] [--no-ceiling]
//     [--profile-dir profiles] [--json]
// --rate R sends R heartbeats/s in all instead of full speed; --half-rate adds a second registry
// run at half the full-speed rate just measured (its p99 is the latency target's figure).
// --profile-dir runs the registry under `node --cpu-prof` and writes its profile there.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../../runtime/config/units.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const workers = Number(arg('workers', '1000'));
const streams = Number(arg('streams', '10'));
const durationMs = parseDuration(arg('duration', '10s'));
const mode = arg('mode', 'stream');
const rate = Number(arg('rate', '0'));
const windowSize = arg('window', '32');
const profileDir = arg('profile-dir', '');
const json = flag('json');
if (mode !== 'stream' && mode !== 'unary') throw new Error('--mode is stream or unary');

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const CLI = here('../../runtime/cli/rollcall.ts');
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) of a process so far, in microseconds. */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6; // utime, stime
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Resolves with the first stdout line that matches, rejects if the process exits first. */
function lineOf(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`${child.spawnargs.join(' ')} exited (${code}) before printing ${pattern}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      lines.close();
      child.off('exit', onExit);
      resolve(match);
    });
  });
}

interface LoadResult { sent: number; acked: number; errors: number; elapsedMs: number; perSecond: number; p50Ms: number; p99Ms: number; p999Ms: number }
interface Run extends LoadResult { serverCpuUs: number; cpuUsPerMessage: number; cpuPercent: number; rssMb: number }

async function runAgainst(server: ChildProcess, ready: RegExp, runRate: number): Promise<Run> {
  try {
    const port = Number((await lineOf(server, ready))[1]);
    const load = spawn(process.execPath, [
      here('./load-generator.ts'), '--target', `127.0.0.1:${port}`, '--workers', String(workers), '--streams', String(streams),
      '--mode', mode, '--rate', String(runRate), '--window', windowSize, '--duration-ms', String(durationMs),
    ], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: load.stdout! });
    let cpuStart = 0;
    let cpuEnd = 0;
    let rss = 0;
    const result = await new Promise<LoadResult>((resolve, reject) => {
      load.once('exit', (code) => reject(new Error(`load generator exited (${code}) without a result`)));
      lines.on('line', (line) => {
        if (line === 'ready') load.stdin!.write('go\n');
        else if (line === 'measure-start') cpuStart = cpuUs(server.pid!);
        else if (line === 'measure-end') {
          cpuEnd = cpuUs(server.pid!);
          rss = rssMb(server.pid!);
        } else if (line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      });
    });
    const serverCpuUs = cpuEnd - cpuStart;
    return {
      ...result,
      serverCpuUs,
      cpuUsPerMessage: serverCpuUs / Math.max(1, result.acked),
      cpuPercent: (serverCpuUs / 1000 / result.elapsedMs) * 100,
      rssMb: rss,
    };
  } finally {
    const exited = new Promise((r) => server.once('exit', r));
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
  }
}

function startRegistry(): ChildProcess {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return spawn(process.execPath, [...profile, CLI, 'registry', '--db', ':memory:', '--grpc-port', '0', '--http-port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
const REGISTRY_READY = /gRPC on [^:]+:(\d+)/;

const registry = await runAgainst(startRegistry(), REGISTRY_READY, rate);
const ceiling = flag('no-ceiling') ? undefined : await runAgainst(spawn(process.execPath, [here('./bare-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] }), /on 127\.0\.0\.1:(\d+)/, rate);
const half = flag('half-rate') ? await runAgainst(startRegistry(), REGISTRY_READY, Math.round(registry.perSecond / 2)) : undefined;

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const figures = {
  workers, streams, mode, rate, durationMs, loadAverage: Number(loadavg()[0]!.toFixed(2)),
  heartbeatsPerSecond: Math.round(registry.perSecond),
  ceilingPerSecond: ceiling ? Math.round(ceiling.perSecond) : null,
  ratio: ceiling ? round(registry.cpuUsPerMessage / ceiling.cpuUsPerMessage, 2) : null,
  registryCpuUsPerHeartbeat: round(registry.cpuUsPerMessage, 2),
  ceilingCpuUsPerMessage: ceiling ? round(ceiling.cpuUsPerMessage, 2) : null,
  registryCpuPercent: round(registry.cpuPercent),
  ceilingCpuPercent: ceiling ? round(ceiling.cpuPercent) : null,
  p50Ms: round(registry.p50Ms, 3), p99Ms: round(registry.p99Ms, 3), p999Ms: round(registry.p999Ms, 3),
  ceilingP50Ms: ceiling ? round(ceiling.p50Ms, 3) : null, ceilingP99Ms: ceiling ? round(ceiling.p99Ms, 3) : null,
  errors: registry.errors,
  registryRssMb: round(registry.rssMb),
  halfRate: half ? { rate: Math.round(registry.perSecond / 2), heartbeatsPerSecond: Math.round(half.perSecond), p50Ms: round(half.p50Ms, 3), p99Ms: round(half.p99Ms, 3), p999Ms: round(half.p999Ms, 3), registryCpuUsPerHeartbeat: round(half.cpuUsPerMessage, 2) } : null,
};
if (json) console.log(JSON.stringify(figures));
else {
  const speed = rate > 0 ? `${rate}/s` : 'full speed';
  console.log(`rollcall bench heartbeat — ${workers} workers, ${mode === 'stream' ? `${streams} HeartbeatStreams` : `unary, ${streams} lanes`}, ${speed}, ${durationMs / 1000} s (machine load average ${figures.loadAverage})`);
  const show = (label: string, r: Run) => {
    console.log(`  ${label}`);
    console.log(`    messages/s     ${Math.round(r.perSecond)} (${r.acked} acked, ${r.errors} errors)`);
    console.log(`    latency        p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, p99.9 ${r.p999Ms.toFixed(3)} ms`);
    console.log(`    server CPU     ${r.cpuPercent.toFixed(1)} % (${r.cpuUsPerMessage.toFixed(2)} µs per message), RSS ${r.rssMb.toFixed(1)} MB`);
  };
  show('rollcall registry', registry);
  if (ceiling) show('ceiling: bare grpc-js server', ceiling);
  if (ceiling) console.log(`  ratio (CPU per heartbeat / ceiling CPU per message)  ${figures.ratio}`);
  if (half) show(`rollcall registry at half that rate (${figures.halfRate!.rate}/s)`, half);
  if (profileDir) console.log(`  registry CPU profile(s) in ${profileDir}/ (open in Chrome DevTools or speedscope)`);
}

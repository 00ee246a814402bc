// One measured run of the heartbeat bench against one target: G load-generator processes
// (load-generator.ts), the workers, streams and rate split evenly between them, started
// together; the window is the parent's — it reads the target's CPU as it tells every generator
// `measure` and again as it tells them `stop` — and their latency histograms are added up.
// The warm-up lasts `warmupMs` and until every generator is on schedule (on-schedule.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LatencyHistogram, type HistogramPairs } from './latency-histogram.ts';
import { handlingBetween, scrapeHandling, type ServerHandling } from './server-handling.ts';
import { cpuUs, machineJiffies, rssMb, type Target } from './targets.ts';

export interface LoadOptions {
  workers: number;
  streams: number;
  mode: 'stream' | 'unary';
  /** Heartbeats per second in all; 0 = full speed. */
  rate: number;
  window: number;
  durationMs: number;
  /** The least warm-up; at a fixed rate it goes on until every generator is on schedule. */
  warmupMs: number;
  generators: number;
  /** Ports the generators send heartbeats to, round robin (default: the target's). */
  beatPorts?: number[];
  /** Other processes whose CPU to read over the same window (the standby replicas). */
  alsoMeasure?: number[];
}

export interface LoadRun {
  acked: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  serverCpuUs: number;
  cpuUsPerMessage: number;
  /** Of one core. */
  cpuPercent: number;
  rssMb: number;
  /** All generators together, of one core. */
  generatorCpuPercent: number;
  /** The whole machine (every process, every core) busy over the window, of all its cores. */
  machineBusyPercent: number;
  /** Of one core, for each of `alsoMeasure`. */
  alsoCpuPercent: number[];
  /** The registry's heartbeat-handling histogram over the window; null for a target without one. */
  serverHandling: ServerHandling | null;
  /** How long the warm-up took, and whether every generator was on schedule when the window opened. */
  warmupMs: number;
  onSchedule: boolean;
}

interface GeneratorResult { sent: number; acked: number; errors: number; elapsedMs: number; cpuUs: number; latency: HistogramPairs }

const GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `total` split into `parts` near-equal whole shares (the first ones get the remainder). */
export function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

class Generator {
  readonly child: ChildProcess;
  readonly #lines: AsyncIterator<string>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [GENERATOR, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#lines = createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]();
  }

  async expect(what: (line: string) => boolean, name: string): Promise<string> {
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) throw new Error(`a load generator exited (${this.child.exitCode}) before ${name}`);
      if (what(next.value)) return next.value;
    }
  }

  tell(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }
}

export async function runLoad(target: Target, o: LoadOptions): Promise<LoadRun> {
  const [workers, streams, rates] = [shares(o.workers, o.generators), shares(o.streams, o.generators), shares(o.rate, o.generators)];
  const generators = workers.map((count, g) => new Generator([
    '--target', `127.0.0.1:${target.port}`, '--protocol', target.protocol, '--workers', String(count), '--streams', String(streams[g]),
    '--mode', o.mode, '--rate', String(rates[g]), '--window', String(o.window), '--prefix', `bench-${g}-`, '--join-token', target.joinToken,
    ...(o.beatPorts?.length ? ['--beat-target', `127.0.0.1:${o.beatPorts[g % o.beatPorts.length]}`] : []),
  ]));
  try {
    await Promise.all(generators.map((g) => g.expect((l) => l === 'ready', 'it was ready')));
    // A first scrape costs the registry more (its code not yet compiled, its event-loop monitor
    // started): made at rest, so that the one opening the window stalls no heartbeat.
    if (target.metricsUrl) await scrapeHandling(target.metricsUrl);
    const goneAt = performance.now();
    for (const g of generators) g.tell('go');
    const [steady] = await Promise.all([Promise.all(generators.map((g) => g.expect((l) => l.startsWith('steady '), 'it said whether it was on schedule'))), sleep(o.warmupMs)]);
    const warmupMs = performance.now() - goneAt;
    const handlingStart = target.metricsUrl ? await scrapeHandling(target.metricsUrl) : null;
    const cpuStart = cpuUs(target.pid);
    const alsoStart = (o.alsoMeasure ?? []).map(cpuUs);
    const machineStart = machineJiffies();
    const started = performance.now();
    for (const g of generators) g.tell('measure');
    await sleep(o.durationMs);
    for (const g of generators) g.tell('stop');
    const cpuEnd = cpuUs(target.pid);
    const alsoEnd = (o.alsoMeasure ?? []).map(cpuUs);
    const machineEnd = machineJiffies();
    const elapsedMs = performance.now() - started;
    const rss = rssMb(target.pid);
    const handlingEnd = target.metricsUrl ? await scrapeHandling(target.metricsUrl) : null;
    const results = await Promise.all(generators.map(async (g) => JSON.parse(await g.expect((l) => l.startsWith('{'), 'its result')) as GeneratorResult));
    const latency = new LatencyHistogram();
    for (const r of results) latency.add(r.latency);
    const acked = results.reduce((sum, r) => sum + r.acked, 0);
    const serverCpuUs = cpuEnd - cpuStart;
    return {
      acked,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      elapsedMs,
      perSecond: acked / (elapsedMs / 1000),
      p50Ms: latency.quantile(0.5), p99Ms: latency.quantile(0.99), p999Ms: latency.quantile(0.999),
      serverCpuUs,
      cpuUsPerMessage: serverCpuUs / Math.max(1, acked),
      cpuPercent: (serverCpuUs / 1000 / elapsedMs) * 100,
      rssMb: rss,
      generatorCpuPercent: (results.reduce((sum, r) => sum + r.cpuUs, 0) / 1000 / elapsedMs) * 100,
      machineBusyPercent: ((machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total)) * 100,
      alsoCpuPercent: alsoEnd.map((end, i) => ((end - alsoStart[i]!) / 1000 / elapsedMs) * 100),
      serverHandling: handlingStart && handlingEnd ? handlingBetween(handlingStart, handlingEnd) : null,
      warmupMs,
      onSchedule: steady.every((line) => line.endsWith(' on')),
    };
  } finally {
    for (const g of generators) if (g.child.exitCode === null) g.child.kill('SIGTERM');
    await target.stop();
  }
}

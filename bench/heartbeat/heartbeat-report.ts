// The heartbeat bench's figures (its --json line) and its table for people, from the runs
// against the registry, the ceiling, the etcd peer, and the registry and ceiling at half rate.
import { availableParallelism } from 'node:os';
import type { LoadRun } from './drive-load.ts';
import type { HeartbeatOptions } from './heartbeat-options.ts';

export interface Runs {
  registry: LoadRun;
  ceiling: LoadRun | null;
  peer: LoadRun | null;
  half: LoadRun | null;
  halfCeiling: LoadRun | null;
}

/** At or above this share of one core, a single-threaded server is the bottleneck. */
const SATURATED = 0.9;

/**
 * What limited a full-speed run: the registry (its one event-loop thread busy), the machine
 * (every core busy, whoever's processes), the load generators, or none (the in-flight window).
 */
export function bottleneck(run: LoadRun, generators: number, cores = availableParallelism()): string {
  if (run.cpuPercent >= SATURATED * 100) return `the registry (${run.cpuPercent.toFixed(0)} % of one core)`;
  if (run.machineBusyPercent >= SATURATED * 100) return `the machine (its ${cores} cores ${run.machineBusyPercent.toFixed(0)} % busy; registry ${run.cpuPercent.toFixed(0)} % of one core, generators ${run.generatorCpuPercent.toFixed(0)} %)`;
  if (run.generatorCpuPercent / generators >= SATURATED * 100) return `the load generators (${(run.generatorCpuPercent / generators).toFixed(0)} % of a core each; registry ${run.cpuPercent.toFixed(0)} %)`;
  return `none saturated (registry ${run.cpuPercent.toFixed(0)} %, generators ${run.generatorCpuPercent.toFixed(0)} % in all): round trips and the in-flight window`;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export function figuresOf(o: HeartbeatOptions, runs: Runs, load: { before: number; after: number }) {
  const { registry, ceiling, peer, half, halfCeiling } = runs;
  return {
    workers: o.workers, streams: o.streams, mode: o.mode, rate: o.rate, durationMs: o.durationMs, generators: o.generators,
    loadAverage: round(load.after, 2), loadAverageBefore: round(load.before, 2),
    heartbeatsPerSecond: Math.round(registry.perSecond),
    ceilingPerSecond: ceiling ? Math.round(ceiling.perSecond) : null,
    ratio: ceiling ? round(registry.cpuUsPerMessage / ceiling.cpuUsPerMessage, 2) : null,
    registryCpuUsPerHeartbeat: round(registry.cpuUsPerMessage, 2),
    ceilingCpuUsPerMessage: ceiling ? round(ceiling.cpuUsPerMessage, 2) : null,
    registryCpuPercent: round(registry.cpuPercent),
    generatorCpuPercent: round(registry.generatorCpuPercent),
    machineBusyPercent: round(registry.machineBusyPercent),
    bottleneck: bottleneck(registry, o.generators),
    ceilingCpuPercent: ceiling ? round(ceiling.cpuPercent) : null,
    p50Ms: round(registry.p50Ms, 3), p99Ms: round(registry.p99Ms, 3), p999Ms: round(registry.p999Ms, 3),
    ceilingP50Ms: ceiling ? round(ceiling.p50Ms, 3) : null, ceilingP99Ms: ceiling ? round(ceiling.p99Ms, 3) : null,
    warmupMs: Math.round(registry.warmupMs), onSchedule: registry.onSchedule,
    ceilingWarmupMs: ceiling ? Math.round(ceiling.warmupMs) : null, ceilingOnSchedule: ceiling ? ceiling.onSchedule : null,
    errors: registry.errors,
    serverHandling: registry.serverHandling ? {
      count: registry.serverHandling.count, meanUs: round(registry.serverHandling.meanUs, 2),
      p50AtMostMs: registry.serverHandling.p50AtMostMs, p99AtMostMs: registry.serverHandling.p99AtMostMs,
    } : null,
    registryRssMb: round(registry.rssMb),
    peer: peer ? {
      name: 'etcd', cpuUsPerKeepalive: round(peer.cpuUsPerMessage, 2), keepalivesPerSecond: Math.round(peer.perSecond),
      cpuPercent: round(peer.cpuPercent), p50Ms: round(peer.p50Ms, 3), p99Ms: round(peer.p99Ms, 3), errors: peer.errors, rssMb: round(peer.rssMb),
      ratio: round(registry.cpuUsPerMessage / peer.cpuUsPerMessage, 2),
    } : null,
    halfRate: half ? {
      rate: Math.round(registry.perSecond / 2), heartbeatsPerSecond: Math.round(half.perSecond), p50Ms: round(half.p50Ms, 3),
      p99Ms: round(half.p99Ms, 3), p999Ms: round(half.p999Ms, 3), registryCpuUsPerHeartbeat: round(half.cpuUsPerMessage, 2),
      machineBusyPercent: round(half.machineBusyPercent),
      ceilingP50Ms: halfCeiling ? round(halfCeiling.p50Ms, 3) : null, ceilingP99Ms: halfCeiling ? round(halfCeiling.p99Ms, 3) : null,
      warmupMs: Math.round(half.warmupMs), onSchedule: half.onSchedule,
      ceilingWarmupMs: halfCeiling ? Math.round(halfCeiling.warmupMs) : null, ceilingOnSchedule: halfCeiling ? halfCeiling.onSchedule : null,
    } : null,
  };
}

export function printFigures(o: HeartbeatOptions, runs: Runs, figures: ReturnType<typeof figuresOf>, bound: string): void {
  const speed = o.rate > 0 ? `${o.rate}/s` : 'full speed';
  const lanes = o.mode === 'stream' ? `${o.streams} streams` : `unary, ${o.streams} lanes`;
  console.log(`rollcall bench heartbeat — ${o.workers} workers, ${lanes}, ${o.generators} generator process(es), ${speed}, ${o.durationMs / 1000} s (load average ${figures.loadAverageBefore} before, ${figures.loadAverage} after)`);
  const show = (label: string, r: LoadRun, unit: string) => {
    console.log(`  ${label}`);
    console.log(`    ${unit}/s${' '.repeat(Math.max(1, 14 - unit.length))}${Math.round(r.perSecond)} (${r.acked} acked, ${r.errors} errors)`);
    console.log(`    latency        p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, p99.9 ${r.p999Ms.toFixed(3)} ms`);
    console.log(`    warm-up        ${(r.warmupMs / 1000).toFixed(1)} s, ${r.onSchedule ? 'on schedule' : 'still behind: the window opened on a backlog'}`);
    const h = r.serverHandling;
    if (h) console.log(`    handling       p50 ≤ ${h.p50AtMostMs} ms, p99 ≤ ${h.p99AtMostMs} ms, mean ${h.meanUs.toFixed(1)} µs over ${h.count} heartbeats (the registry's own histogram)`);
    console.log(`    server CPU     ${r.cpuPercent.toFixed(1)} % (${r.cpuUsPerMessage.toFixed(2)} µs per ${unit}), RSS ${r.rssMb.toFixed(1)} MB; generators ${r.generatorCpuPercent.toFixed(0)} %; machine ${r.machineBusyPercent.toFixed(0)} % busy`);
  };
  show('rollcall registry', runs.registry, 'heartbeat');
  console.log(`    bound by       ${bound}`);
  if (runs.ceiling) show('ceiling: bare grpc-js server', runs.ceiling, 'message');
  if (runs.ceiling) console.log(`  ratio (CPU per heartbeat / ceiling CPU per message)  ${figures.ratio}`);
  if (runs.peer) show('peer: etcd lease keepalives', runs.peer, 'keepalive');
  if (runs.peer) console.log(`  ratio (CPU per heartbeat / etcd CPU per keepalive)  ${figures.peer!.ratio}`);
  if (runs.half) show(`rollcall registry at half that rate (${figures.halfRate!.rate}/s)`, runs.half, 'heartbeat');
  if (runs.halfCeiling) show(`ceiling at the same rate`, runs.halfCeiling, 'message');
  if (o.profileDir) console.log(`  registry CPU profile(s) in ${o.profileDir}/ (open in Chrome DevTools or speedscope)`);
}

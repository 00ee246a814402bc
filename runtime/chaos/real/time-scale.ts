// Real mode's time scale: a scenario's production durations become real ones (× scale), the
// registry and worker settings become command-line flags, and the invariants' bounds are
// derived from the settings the processes really ran with (÷ scale), plus slack for what real
// processes add on top of the protocol (start-up, OS scheduling, the proxy hop).
import { defaultRegistryConfig, type RegistryConfig } from '../../../machines/registry/registry.config.ts';
import type { WorkerConfig } from '../../../machines/worker.machine.ts';
import type { ConfigSchema } from '../../config/config-schema.ts';
import { envName, flagName } from '../../config/config-schema.ts';
import { registryKeys } from '../../config/registry-keys.ts';
import { defaultWorkerRuntimeConfig, workerKeys, type WorkerRuntimeConfig } from '../../config/worker-keys.ts';
import { availableParallelism } from 'node:os';
import { ms } from '../duration.ts';
import { boundsFor } from '../../invariants/bounds.ts';
import type { Bounds } from '../../invariants/invariant.ts';
import { workerSpecs, type Scenario } from '../scenario.ts';

/** Real time per production time: 30 s heartbeats become 300 ms. */
export const DEFAULT_SCALE = 0.01;

/**
 * Real milliseconds of slack added to the invariants' bounds. Four to six Node processes on a
 * loaded 2-core machine see timers fire 50–150 ms late, synchronous SQLite writes and GC pauses
 * stall the registry's event loop, and every byte crosses the proxy process: 250 ms covers
 * that with room. At scale 0.01 it is 25 s of production time, against detection bounds of
 * minutes.
 */
export const REAL_SLACK_MS = 250;

/** The deadline wheel and the heartbeat write-behind stay fine-grained, whatever the scale. */
const FINE_MIN_MS = 5;
const FINE_MAX_MS = 50;
/** Below this a worker backoff, interval or breaker pause means nothing to a real process. */
const WORKER_FLOOR_MS = 20;
/**
 * One gRPC call through the proxy on a loaded machine can take this long, and so can the
 * registry's dial-in of an attach-only worker (a new connection, then its Attach call). At
 * 150 ms, under a load average of 11 to 30, registration replies that waited for the store
 * came late: a worker of registry-crash-during-registration-storm re-registered six times
 * (epochs 2 to 7) before it heard one in time, and the dial of an attached worker timed out.
 */
const CALL_FLOOR_MS = 300;

/**
 * A lease shorter than this is lost to a loaded machine's event-loop stalls (its watchdog gives
 * it up before a renew lands), and leadership churns for no fault at all.
 */
const LEASE_TTL_FLOOR_MS = 1000;
const LEASE_RENEW_FLOOR_MS = 200;

/** Milliseconds of a scenario duration ("2m" or a number of ms). */
export interface RealSettings {
  scale: number;
  /** What the registry runs with, in real ms. */
  registry: RegistryConfig;
  /** What each worker runs with, in real ms. */
  worker: WorkerRuntimeConfig;
  registryFlags: string[];
  workerFlags: string[];
  /** The same worker settings as `ROLLCALL_*` variables, for a worker command that loads its config from the environment. */
  workerEnv: Record<string, string>;
  /** With replicas: their lease flags, in real ms. */
  leaseFlags: string[];
  /** The invariants' bounds in production ms (the real settings ÷ scale, plus slack). */
  bounds(endMs: number): Bounds;
}

function scaled(ms: number, scale: number, floor: number, ceiling = Infinity): number {
  if (ms === 0) return 0;
  return Math.min(ceiling, Math.max(floor, Math.round(ms * scale)));
}

function scaleRegistry(config: RegistryConfig, scale: number): RegistryConfig {
  const out = { ...config };
  for (const spec of Object.values(registryKeys)) {
    if (spec.kind !== 'duration') continue;
    const fine = spec.field === 'deadlineResolutionMs' || spec.field === 'heartbeatFlushIntervalMs';
    const floor = fine ? FINE_MIN_MS : spec.field === 'dialTimeoutMs' ? CALL_FLOOR_MS : (spec.min ?? 1);
    (out[spec.field] as number) = scaled(config[spec.field] as number, scale, Math.max(1, floor), fine ? FINE_MAX_MS : Infinity);
  }
  return out;
}

function scaleWorker(config: WorkerRuntimeConfig, scale: number): WorkerRuntimeConfig {
  const out = { ...config };
  for (const spec of Object.values(workerKeys)) {
    if (spec.kind !== 'duration') continue;
    const floor = spec.field === 'rpcTimeoutMs' ? CALL_FLOOR_MS : WORKER_FLOOR_MS;
    (out[spec.field] as number) = scaled(config[spec.field] as number, scale, floor);
  }
  return out;
}

function unscale<C extends object>(config: C, schema: ConfigSchema<C>, scale: number): C {
  const out = { ...config };
  for (const spec of Object.values(schema)) {
    if (spec.kind === 'duration') (out[spec.field] as number) = Math.round((config[spec.field] as number) / scale);
  }
  return out;
}

/** Every setting that is a duration or differs from its default, as [config key, text] pairs. */
function settingsOf<C extends object>(config: C, defaults: C, schema: ConfigSchema<C>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, spec] of Object.entries(schema)) {
    const value = config[spec.field];
    if (spec.kind !== 'duration' && value === defaults[spec.field]) continue;
    out.push([key, spec.kind === 'duration' ? `${value as number}ms` : String(value)]);
  }
  return out;
}

/** Those settings as `--kebab-key value` flags. */
function flagsOf<C extends object>(config: C, defaults: C, schema: ConfigSchema<C>): string[] {
  return settingsOf(config, defaults, schema).flatMap(([key, text]) => [flagName(key), text]);
}

/**
 * Worker processes per core whose heartbeats stay on time at DEFAULT_SCALE on a loaded machine:
 * registration-storm's 20 on two cores pass beside two busy loops. Every worker is a process of
 * this machine, so with more per core each waits longer for its turn on a core: forty on two
 * cores (re-registration-storm) left a heartbeat gap of 1.44 s, at a load average of 14 to 21,
 * against the 1.2 s unhealthyAfter of 0.01, though nothing faulted the worker.
 */
const WORKERS_PER_CORE = 10;

/**
 * The scale a scenario runs at in real mode: the run's, the scenario's own when it needs a
 * slower one, or a slower one still when its workers crowd the cores (more than
 * WORKERS_PER_CORE each): DEFAULT_SCALE grown in proportion, so each worker has the same share
 * of a core per heartbeat interval as in a scenario that fits.
 */
export function scaleFor(scenario: Scenario, scale = DEFAULT_SCALE, cores = availableParallelism()): number {
  const crowd = (DEFAULT_SCALE * workerSpecs(scenario).length) / (WORKERS_PER_CORE * cores);
  return Math.max(scale, scenario.realScale ?? 0, crowd);
}

export function realSettings(scenario: Scenario, scale = DEFAULT_SCALE): RealSettings {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`scale must be in (0, 1], got ${scale}`);
  const registryProduction: RegistryConfig = { ...defaultRegistryConfig, ...scenario.registry };
  const workerProduction: WorkerRuntimeConfig = { ...defaultWorkerRuntimeConfig, ...(scenario.worker as Partial<WorkerConfig>) };
  const registry = scaleRegistry(registryProduction, scale);
  const worker = scaleWorker(workerProduction, scale);
  return {
    scale,
    registry,
    worker,
    registryFlags: flagsOf(registry, defaultRegistryConfig, registryKeys),
    workerFlags: flagsOf(worker, defaultWorkerRuntimeConfig, workerKeys),
    workerEnv: Object.fromEntries(settingsOf(worker, defaultWorkerRuntimeConfig, workerKeys).map(([key, text]) => [envName(key), text])),
    leaseFlags: scenario.lease
      ? ['--lease-ttl', `${scaled(ms(scenario.lease.ttl), scale, LEASE_TTL_FLOOR_MS)}ms`, '--lease-renew', `${scaled(ms(scenario.lease.renew), scale, LEASE_RENEW_FLOOR_MS)}ms`]
      : [],
    bounds(endMs) {
      const r = unscale(registry, registryKeys, scale);
      const w = unscale(worker, workerKeys, scale);
      const base = boundsFor(r, w, w.rpcTimeoutMs, endMs);
      const slack = Math.round(REAL_SLACK_MS / scale);
      return { ...base, slackMs: base.slackMs + slack, activeWithinMs: base.activeWithinMs + slack };
    },
  };
}

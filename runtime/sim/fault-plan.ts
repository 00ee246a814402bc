// The fault options of `rollcall sim`, as a plan: what kinds of trouble and how much. The
// simulator turns a plan into a fault timeline (fault-timeline.ts: who crashes when) from its seed.
import { parseDuration, parsePercent } from '../config/units.ts';

export interface PartitionPlan {
  fraction: number;
  atMs: number;
  forMs: number;
}

export interface FaultPlan {
  /** Fraction of workers that crash at a random moment; restarted after downMs if set. */
  crash: { fraction: number; downMs: number | null } | null;
  partitions: PartitionPlan[];
  latency: { meanMs: number; jitterMs: number };
  loss: number;
  duplicate: number;
  registryCrash: { atMs: number; downMs: number } | null;
  /** Registry CPU time per message; a busy registry delays every reply. */
  serviceTimeMs: number;
}

export const FAULT_SYNTAX = `Fault syntax (--faults takes a comma-separated list of the same key=value pairs):
  crash=P%[+DOWN]         P% of workers crash at random moments; with +DOWN each restarts DOWN later
  partition=P%@AT+LEN     P% of workers are cut off from the registry at AT for LEN (repeatable)
  latency=MEAN[±JITTER]   one-way network latency (write +- for ±), e.g. 20ms±5ms
  loss=P%                 each message is lost with probability P
  dup=P%                  each message is delivered twice with probability P
  registry-crash=AT+DOWN  the registry crashes at AT and restarts DOWN later, store kept
  service-time=T          registry CPU time per message, e.g. 200us (overload shows as lateness)
Durations take a unit: us, ms, s, m, h, d (e.g. 500ms, 30s, 1h30m).`;

export function emptyFaultPlan(): FaultPlan {
  return {
    crash: null,
    partitions: [],
    latency: { meanMs: 1, jitterMs: 0 },
    loss: 0,
    duplicate: 0,
    registryCrash: null,
    serviceTimeMs: 0,
  };
}

function split(text: string, separator: string, what: string): [string, string] {
  const at = text.indexOf(separator);
  if (at < 0) throw new RangeError(`${what}: expected "${separator}" in "${text}"`);
  return [text.slice(0, at), text.slice(at + separator.length)];
}

/** Applies one `key=value` fault to a plan. */
export function applyFault(plan: FaultPlan, key: string, value: string): void {
  switch (key) {
    case 'crash': {
      const [fraction, down] = value.includes('+') ? split(value, '+', 'crash') : [value, ''];
      plan.crash = { fraction: parsePercent(fraction), downMs: down ? parseDuration(down) : null };
      return;
    }
    case 'partition': {
      const [fraction, window] = split(value, '@', 'partition');
      const [at, length] = split(window, '+', 'partition');
      plan.partitions.push({ fraction: parsePercent(fraction), atMs: parseDuration(at), forMs: parseDuration(length) });
      return;
    }
    case 'latency': {
      const [mean, jitter] = value.includes('±') ? split(value, '±', 'latency') : value.includes('+-') ? split(value, '+-', 'latency') : [value, '0ms'];
      plan.latency = { meanMs: parseDuration(mean), jitterMs: parseDuration(jitter) };
      return;
    }
    case 'loss':
      plan.loss = parsePercent(value);
      return;
    case 'dup':
      plan.duplicate = parsePercent(value);
      return;
    case 'registry-crash': {
      const [at, down] = split(value, '+', 'registry-crash');
      plan.registryCrash = { atMs: parseDuration(at), downMs: parseDuration(down) };
      return;
    }
    case 'service-time':
      plan.serviceTimeMs = parseDuration(value);
      return;
    default:
      throw new RangeError(`unknown fault "${key}" (known: crash, partition, latency, loss, dup, registry-crash, service-time)`);
  }
}

/** Parses "crash=5%,partition=10%@20m+5m,latency=20ms±5ms" into a plan. */
export function parseFaults(text: string, plan = emptyFaultPlan()): FaultPlan {
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new RangeError(`fault "${part}" must be key=value (e.g. crash=5%)`);
    applyFault(plan, part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return plan;
}

// The registry's Prometheus metrics, in a prom-client registry of their own (never the global
// one, so two registries in one process — tests, embedders — do not collide). Gauges that
// mirror the core's state, and counters the core keeps, are read from it on each scrape (what
// workers report: report-metrics.ts); counters of things that happen outside the core
// (refusals before the core saw a request, dial-ins) have functions, and so do the histograms
// (timing-metrics.ts) and what the registry's events tell (detections, finished jobs). The
// heartbeat-handling histogram, the build info and the process and Node runtime metrics are
// written by hand after prom-client's (timing-metrics.ts; process-metrics.ts, shared with the worker).
import { Counter, Gauge, Registry as PromRegistry } from 'prom-client';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { stats } from '../../machines/registry/queries.ts';
import type { ErrorCode, JobState } from '../../machines/registry/registry.types.ts';
import type { LogFields } from '../events/log-entry.ts';
import { renderFamilies } from '../metrics/exposition.ts';
import { processFamilies } from '../metrics/process-metrics.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { ApiErrorCode } from './api-error.ts';
import { addReportMetrics } from './report-metrics.ts';
import { addTimingMetrics, type TimingMetrics } from './timing-metrics.ts';

/** What became of one registration attempt, on any API. */
export type RegistrationOutcome = { rejected: ErrorCode };

export interface RegistryMetrics extends TimingMetrics {
  /** The prom-client registry holding every series below. */
  readonly prom: PromRegistry;
  readonly contentType: string;
  recordRegistration(outcome: RegistrationOutcome): void;
  /** A heartbeat an API refused before the core saw it (malformed, no token, the registry down). */
  recordHeartbeatFailure(code: ApiErrorCode): void;
  recordReconnectAttempt(): void;
  recordReconnectSuccess(): void;
  /** One of the registry's events (the event sink's `write`): detections and finished jobs are counted from them. */
  event(type: string, fields?: LogFields): void;
  /** The exposition text for GET /metrics. */
  text(): Promise<string>;
}

const MEMBER_STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
/** Jobs waiting or running: a gauge. Finished ones are counted as they finish (`rollcall_jobs_completed_total`). */
const OPEN_JOB_STATES: readonly JobState[] = ['queued', 'assigned'];
const FINISHED_JOB_STATES: ReadonlySet<string> = new Set<JobState>(['succeeded', 'failed']);

/**
 * Hands `add` what each of the core's counts gained since the last scrape. A restarted core
 * counts from zero again: a count below the one seen is all new.
 */
function catchUp(seen: Map<string, number>, counts: ReadonlyMap<string, number>, add: (key: string, added: number) => void): void {
  for (const [key, count] of counts) {
    const before = seen.get(key) ?? 0;
    const added = count >= before ? count - before : count;
    seen.set(key, count);
    if (added > 0) add(key, added);
  }
}

/** The jobs gauge (queued, assigned: read on scrape) and the counter of finished ones, which `changed` counts. */
function addJobMetrics(prom: PromRegistry, host: RegistryHost): { changed(state: string): void } {
  new Gauge({
    name: 'rollcall_jobs',
    help: 'Jobs waiting (queued) or running (assigned)',
    labelNames: ['state'] as const,
    registers: [prom],
    collect() {
      const counts = host.up ? host.core.jobCounts() : undefined;
      for (const state of OPEN_JOB_STATES) this.set({ state }, counts?.[state] ?? 0);
    },
  });
  const completed = new Counter({ name: 'rollcall_jobs_completed_total', help: 'Jobs finished, by outcome (succeeded, failed)', labelNames: ['outcome'] as const, registers: [prom] });
  return {
    changed(state) {
      if (FINISHED_JOB_STATES.has(state)) completed.inc({ outcome: state });
    },
  };
}

export function createRegistryMetrics(host: RegistryHost): RegistryMetrics {
  const prom = new PromRegistry();
  addStateGauges(prom, host);
  const counters = addCounters(prom, host);
  const jobs = addJobMetrics(prom, host);
  const timing = addTimingMetrics(prom);
  const reports = addReportMetrics(prom, host);
  new Gauge({
    name: 'rollcall_mass_failure_guard_held',
    help: 'Whether the mass-failure guard is holding transitions to failed (1) or not (0)',
    registers: [prom],
    collect() {
      this.set(host.up && host.core.guardHeld ? 1 : 0);
    },
  });

  return {
    ...timing,
    ...counters,
    prom,
    contentType: prom.contentType,
    event(type, fields = {}) {
      const { to, silentMs, state } = fields;
      if (type === 'member' && typeof silentMs === 'number' && typeof to === 'string') timing.observeDetection(to.split('.')[0]!, silentMs);
      else if (type === 'job' && typeof state === 'string') jobs.changed(state);
    },
    text: async () => {
      reports.refresh();
      return (await prom.metrics()) + renderFamilies([timing.handlingFamily(), ...processFamilies()]);
    },
  };
}

/** Whether the core runs, and its members by state: read on each scrape. */
function addStateGauges(prom: PromRegistry, host: RegistryHost): void {
  new Gauge({
    name: 'rollcall_registry_up',
    help: 'Whether the registry core is running (1) or down (0)',
    registers: [prom],
    collect() {
      this.set(host.up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rollcall_members',
    help: 'Members by state',
    labelNames: ['state'] as const,
    registers: [prom],
    collect() {
      const byState = host.up ? stats(host.core).byState : undefined;
      for (const state of MEMBER_STATES) this.set({ state }, byState?.[state] ?? 0);
    },
  });
}

type CounterRecords = Pick<RegistryMetrics, 'recordRegistration' | 'recordHeartbeatFailure' | 'recordReconnectAttempt' | 'recordReconnectSuccess'>;

/**
 * Heartbeats and registrations (what the core counted, caught up on each scrape, plus what the
 * APIs refused before the core saw it) and the reconnect monitor's dial-ins.
 */
function addCounters(prom: PromRegistry, host: RegistryHost): CounterRecords {
  const registers = [prom];
  let heartbeatsSeen = 0;
  new Counter({
    name: 'rollcall_heartbeats_total',
    help: 'Heartbeats accepted by the registry',
    registers,
    collect() {
      if (!host.up) return;
      const count = host.core.heartbeatCount;
      // A restarted core counts from zero again; the counter keeps rising.
      const added = count >= heartbeatsSeen ? count - heartbeatsSeen : count;
      heartbeatsSeen = count;
      if (added > 0) this.inc(added);
    },
  });
  // Outcomes the core decided are counted by the core (whichever API carried them); the APIs
  // record only what they refused before the core saw it (a missing join token, a wire error).
  const coreSeen = new Map<string, number>();
  const registrations = new Counter({
    name: 'rollcall_registrations_total',
    help: 'Registration attempts by outcome (created, re_registered, rejected) and, for rejections, error code',
    labelNames: ['outcome', 'code'] as const,
    registers,
    collect() {
      if (!host.up) return;
      catchUp(coreSeen, host.core.registrationOutcomes, (key, added) => {
        const [outcome, code] = key.split(':') as [string, string | undefined];
        this.inc(code ? { outcome, code } : { outcome }, added);
      });
    },
  });
  const failuresSeen = new Map<string, number>();
  const heartbeatFailures = new Counter({
    name: 'rollcall_heartbeats_failed_total',
    help: 'Heartbeats refused, by error code: not_found (unknown worker), failed_precondition (stale or ended session), superseded, unauthenticated, invalid_argument (malformed), unavailable (registry down)',
    labelNames: ['code'] as const,
    registers,
    collect() {
      if (host.up) catchUp(failuresSeen, host.core.heartbeatFailures, (code, added) => this.inc({ code }, added));
    },
  });
  const reconnectAttempts = new Counter({ name: 'rollcall_reconnect_attempts_total', help: 'Dial-ins the reconnect monitor attempted', registers });
  const reconnectSuccesses = new Counter({ name: 'rollcall_reconnect_successes_total', help: 'Dial-ins the worker answered', registers });
  return {
    recordRegistration: (outcome) => registrations.inc({ outcome: 'rejected', code: outcome.rejected }),
    recordHeartbeatFailure: (code) => heartbeatFailures.inc({ code }),
    recordReconnectAttempt: () => reconnectAttempts.inc(),
    recordReconnectSuccess: () => reconnectSuccesses.inc(),
  };
}

// The registry's Prometheus metrics, in a prom-client registry of their own (never the global
// one, so two registries in one process — tests, embedders — do not collide). Gauges that
// mirror the core's state, and counters the core keeps, are read from it on each scrape (what
// workers report: report-metrics.ts); counters of things that happen outside the core
// (refusals before the core saw a request, dial-ins) have functions.
import { Counter, Gauge, Registry as PromRegistry } from 'prom-client';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { stats } from '../../machines/registry/queries.ts';
import type { ErrorCode, JobState } from '../../machines/registry/registry.types.ts';
import { rollcallVersion } from '../package/version.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { ApiErrorCode } from './api-error.ts';
import { addReportMetrics } from './report-metrics.ts';

/** What became of one registration attempt, on any API. */
export type RegistrationOutcome = { rejected: ErrorCode };

export interface RegistryMetrics {
  /** The prom-client registry holding every series below. */
  readonly prom: PromRegistry;
  readonly contentType: string;
  recordRegistration(outcome: RegistrationOutcome): void;
  /** A heartbeat an API refused before the core saw it (malformed, no token, the registry down). */
  recordHeartbeatFailure(code: ApiErrorCode): void;
  recordReconnectAttempt(): void;
  recordReconnectSuccess(): void;
  /** The exposition text for GET /metrics. */
  text(): Promise<string>;
}

const MEMBER_STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
const JOB_STATES: readonly JobState[] = ['queued', 'assigned', 'succeeded', 'failed'];

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

export function createRegistryMetrics(host: RegistryHost): RegistryMetrics {
  const prom = new PromRegistry();
  const registers = [prom];
  let heartbeatsSeen = 0;

  new Gauge({
    name: 'rollcall_build_info',
    help: 'Always 1; the labels say which rollcall and which Node serve',
    labelNames: ['version', 'node'] as const,
    registers,
  }).set({ version: rollcallVersion(), node: process.versions.node }, 1);
  new Gauge({
    name: 'rollcall_registry_up',
    help: 'Whether the registry core is running (1) or down (0)',
    registers,
    collect() {
      this.set(host.up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rollcall_members',
    help: 'Members by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const byState = host.up ? stats(host.core).byState : undefined;
      for (const state of MEMBER_STATES) this.set({ state }, byState?.[state] ?? 0);
    },
  });
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
  const reconnectAttempts = new Counter({
    name: 'rollcall_reconnect_attempts_total',
    help: 'Dial-ins the reconnect monitor attempted',
    registers,
  });
  const reconnectSuccesses = new Counter({
    name: 'rollcall_reconnect_successes_total',
    help: 'Dial-ins the worker answered',
    registers,
  });
  new Gauge({
    name: 'rollcall_jobs',
    help: 'Jobs by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const counts = host.up ? host.core.jobCounts() : undefined;
      for (const state of JOB_STATES) this.set({ state }, counts?.[state] ?? 0);
    },
  });
  const reports = addReportMetrics(prom, host);
  new Gauge({
    name: 'rollcall_mass_failure_guard_held',
    help: 'Whether the mass-failure guard is holding transitions to failed (1) or not (0)',
    registers,
    collect() {
      this.set(host.up && host.core.guardHeld ? 1 : 0);
    },
  });

  return {
    prom,
    contentType: prom.contentType,
    recordRegistration(outcome) {
      registrations.inc({ outcome: 'rejected', code: outcome.rejected });
    },
    recordHeartbeatFailure: (code) => heartbeatFailures.inc({ code }),
    recordReconnectAttempt: () => reconnectAttempts.inc(),
    recordReconnectSuccess: () => reconnectSuccesses.inc(),
    text: () => {
      reports.refresh();
      return prom.metrics();
    },
  };
}

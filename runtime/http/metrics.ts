// The registry's Prometheus metrics, in a prom-client registry of their own (never the global
// one, so two registries in one process — tests, embedders — do not collide). Gauges that
// mirror the core's state are read from it on each scrape; counters of things that happen
// outside the core (registrations by outcome, dial-ins, breaker reports) have functions.
import { Counter, Gauge, Registry as PromRegistry } from 'prom-client';
import type { BreakerState } from '../../machines/breaker.machine.ts';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { stats } from '../../machines/registry/queries.ts';
import type { ErrorCode, JobState } from '../../machines/registry/registry.types.ts';
import { rollcallVersion } from '../package/version.ts';
import type { RegistryHost } from '../registry/registry-host.ts';

/** What became of one registration attempt, on any API. */
export type RegistrationOutcome = { rejected: ErrorCode };

export interface RegistryMetrics {
  /** The prom-client registry holding every series below. */
  readonly prom: PromRegistry;
  readonly contentType: string;
  recordRegistration(outcome: RegistrationOutcome): void;
  recordReconnectAttempt(): void;
  recordReconnectSuccess(): void;
  /** The breaker state a worker reported (e.g. in a heartbeat); the gauge counts workers per state. */
  recordBreakerState(workerId: string, state: BreakerState): void;
  /** The exposition text for GET /metrics. */
  text(): Promise<string>;
}

const MEMBER_STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
const JOB_STATES: readonly JobState[] = ['queued', 'assigned', 'succeeded', 'failed'];
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'halfOpen'];

export function createRegistryMetrics(host: RegistryHost): RegistryMetrics {
  const prom = new PromRegistry();
  const registers = [prom];
  const breakers = new Map<string, BreakerState>();
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
      for (const [key, count] of host.core.registrationOutcomes) {
        const seen = coreSeen.get(key) ?? 0;
        const added = count >= seen ? count - seen : count;
        coreSeen.set(key, count);
        if (added === 0) continue;
        const [outcome, code] = key.split(':') as [string, string | undefined];
        this.inc(code ? { outcome, code } : { outcome }, added);
      }
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
      const counts = host.up ? host.core.jobs.countByState() : undefined;
      for (const state of JOB_STATES) this.set({ state }, counts?.[state] ?? 0);
    },
  });
  new Gauge({
    name: 'rollcall_worker_breaker_states',
    help: 'Workers by the circuit-breaker state they last reported',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const counts: Record<BreakerState, number> = { closed: 0, open: 0, halfOpen: 0 };
      for (const [id, state] of breakers) {
        if (host.up && !host.core.table.get(id)) breakers.delete(id);
        else counts[state]++;
      }
      for (const state of BREAKER_STATES) this.set({ state }, counts[state]);
    },
  });
  new Gauge({
    name: 'rollcall_mass_failure_guard_held',
    help: 'Whether the mass-failure guard is holding transitions to failed (1) or not (0)',
    registers,
    collect() {
      this.set(host.up && host.core.sweeps.held ? 1 : 0);
    },
  });

  return {
    prom,
    contentType: prom.contentType,
    recordRegistration(outcome) {
      registrations.inc({ outcome: 'rejected', code: outcome.rejected });
    },
    recordReconnectAttempt: () => reconnectAttempts.inc(),
    recordReconnectSuccess: () => reconnectSuccesses.inc(),
    recordBreakerState(workerId, state) {
      breakers.set(workerId, state);
    },
    text: () => prom.metrics(),
  };
}

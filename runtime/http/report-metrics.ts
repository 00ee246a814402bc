// The metrics of what workers report in their heartbeats (seed 002's "worker resource
// utilization"), summed over the live members — active or unhealthy, so a member that left,
// failed or was removed no longer counts. Per-worker values are in REST (`report` of a worker):
// a series per worker would not survive a million members.
import { Gauge, type Registry as PromRegistry } from 'prom-client';
import type { BreakerState } from '../../machines/breaker.machine.ts';
import { reportTotals, type ReportTotals } from '../../machines/registry/worker-report.ts';
import type { RegistryHost } from '../registry/registry-host.ts';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'halfOpen'];

const SUMS: readonly { name: string; help: string; of: (t: ReportTotals) => number }[] = [
  { name: 'rollcall_worker_reports', help: 'Live workers whose current session has sent a heartbeat report', of: (t) => t.reporting },
  { name: 'rollcall_worker_reported_running_jobs', help: 'Running jobs the live workers report, summed', of: (t) => t.runningJobs },
  { name: 'rollcall_worker_cpu_percent_mean', help: 'Mean CPU % the live workers report', of: (t) => t.cpuPercentMean },
  { name: 'rollcall_worker_cpu_percent_max', help: 'Highest CPU % a live worker reports', of: (t) => t.cpuPercentMax },
  { name: 'rollcall_worker_memory_used_mb', help: 'Memory in use the live workers report, summed (MB)', of: (t) => t.memoryUsedMb },
  { name: 'rollcall_worker_memory_total_mb', help: 'Memory the live workers report having, summed (MB)', of: (t) => t.memoryTotalMb },
  { name: 'rollcall_worker_reported_errors', help: 'Error counts the live workers report, summed', of: (t) => t.errorCount },
  { name: 'rollcall_worker_reports_inconsistent', help: 'Live workers whose report disagrees with the registry (capacity or assigned jobs): each fails the health check', of: (t) => t.inconsistent },
];

/**
 * Adds the gauges to `prom`; `refresh` reads the members once, and must run before each scrape
 * (the gauges show what it read).
 */
export function addReportMetrics(prom: PromRegistry, host: RegistryHost): { refresh(): void } {
  const registers = [prom];
  let totals: ReportTotals | null = null;
  for (const sum of SUMS) {
    new Gauge({
      name: sum.name,
      help: sum.help,
      registers,
      collect() {
        this.set(totals ? sum.of(totals) : 0);
      },
    });
  }
  new Gauge({
    name: 'rollcall_worker_breaker_states',
    help: 'Live workers by the circuit-breaker state they last reported',
    labelNames: ['state'] as const,
    registers,
    collect() {
      for (const state of BREAKER_STATES) this.set({ state }, totals?.breakers[state] ?? 0);
    },
  });
  return {
    refresh() {
      totals = host.up ? reportTotals(host.core.members()) : null;
    },
  };
}

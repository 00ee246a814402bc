// The metrics of what workers report in their heartbeats (seed 002's "worker resource
// utilization"), summed over the live members — active or unhealthy, so a member that left,
// failed or was removed no longer counts. Per-worker values are in REST (`report` of a worker):
// a series per worker would not survive a million members.
import { Gauge, type Registry as PromRegistry } from 'prom-client';
import type { BreakerState } from '../../machines/breaker.machine.ts';
import { reportTotals, type ReportTotals } from '../../machines/registry/worker-report.ts';
import type { RegistryHost } from '../registry/registry-host.ts';

/** The breaker states as label values: snake_case, as every label value here is. */
const BREAKER_LABELS: readonly (readonly [BreakerState, string])[] = [['closed', 'closed'], ['open', 'open'], ['halfOpen', 'half_open']];
const MB = 1024 * 1024;

const SUMS: readonly { name: string; help: string; of: (t: ReportTotals) => number }[] = [
  { name: 'rollcall_worker_reports', help: 'Live workers whose current session has sent a heartbeat report', of: (t) => t.reporting },
  { name: 'rollcall_worker_reported_running_jobs', help: 'Running jobs the live workers report, summed', of: (t) => t.runningJobs },
  { name: 'rollcall_worker_cpu_mean_ratio', help: 'Mean CPU use the live workers report (0 to 1)', of: (t) => t.cpuPercentMean / 100 },
  { name: 'rollcall_worker_cpu_max_ratio', help: 'Highest CPU use a live worker reports (0 to 1)', of: (t) => t.cpuPercentMax / 100 },
  { name: 'rollcall_worker_memory_used_bytes', help: 'Memory in use the live workers report, summed', of: (t) => t.memoryUsedMb * MB },
  { name: 'rollcall_worker_memory_total_bytes', help: 'Memory the live workers report having, summed', of: (t) => t.memoryTotalMb * MB },
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
      for (const [state, label] of BREAKER_LABELS) this.set({ state: label }, totals?.breakers[state] ?? 0);
    },
  });
  return {
    refresh() {
      totals = host.up ? reportTotals(host.core.members()) : null;
    },
  };
}

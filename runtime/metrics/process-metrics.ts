// The process and Node runtime metrics every rollcall process serves on /metrics, under the
// names prom-client's default metrics use (so dashboards made for Node services read them):
// which rollcall and Node, CPU, resident memory, start time, heap, and the event loop's delay.
import { monitorEventLoopDelay, performance, type ELDHistogram } from 'node:perf_hooks';
import { rollcallVersion } from '../package/version.ts';
import type { Family, Sample } from './exposition.ts';

const QUANTILES = [0.5, 0.9, 0.99] as const;

/** The process's one event-loop delay monitor, started by the first scrape. */
let delay: ELDHistogram | null = null;
/** The delay summary's sum (s) and count, over every scrape so far: the monitor is reset at each. */
const delayTotals = { sum: 0, count: 0 };

/** The event loop's delay since the last scrape, as quantiles; sum and count since the first scrape. */
function eventLoopDelay(): Sample[] {
  if (!delay) {
    delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
  }
  const seen = delay.count;
  const quantiles: Sample[] = QUANTILES.map((q) => ({ labels: { quantile: String(q) }, value: seen > 0 ? delay!.percentile(q * 100) / 1e9 : Number.NaN }));
  if (seen > 0) {
    delayTotals.sum += (delay.mean * seen) / 1e9;
    delayTotals.count += seen;
  }
  delay.reset();
  return [...quantiles, { suffix: '_sum', value: delayTotals.sum }, { suffix: '_count', value: delayTotals.count }];
}

export function processFamilies(): Family[] {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const gauge = (name: string, help: string, value: number): Family => ({ name, type: 'gauge', help, samples: [{ value }] });
  const counter = (name: string, help: string, value: number): Family => ({ name, type: 'counter', help, samples: [{ value }] });
  return [
    { name: 'rollcall_build_info', type: 'gauge', help: 'Always 1; the labels say which rollcall and which Node serve', samples: [{ labels: { version: rollcallVersion(), node: process.versions.node }, value: 1 }] },
    counter('process_cpu_user_seconds_total', 'User CPU time spent, in seconds', cpu.user / 1e6),
    counter('process_cpu_system_seconds_total', 'System CPU time spent, in seconds', cpu.system / 1e6),
    counter('process_cpu_seconds_total', 'User and system CPU time spent, in seconds', (cpu.user + cpu.system) / 1e6),
    gauge('process_start_time_seconds', 'When the process started, in seconds since the Unix epoch', Math.round(performance.timeOrigin) / 1000),
    gauge('process_resident_memory_bytes', 'Resident memory size, in bytes', memory.rss),
    gauge('nodejs_heap_size_total_bytes', 'V8 heap size, in bytes', memory.heapTotal),
    gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes', memory.heapUsed),
    gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript objects, in bytes', memory.external),
    { name: 'nodejs_eventloop_delay_seconds', type: 'summary', help: 'Event-loop delay: quantiles since the last scrape, sum and count since the first', samples: eventLoopDelay() },
  ];
}

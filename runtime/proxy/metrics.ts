// Toxiproxy's /metrics in Prometheus text form. Like Toxiproxy, proxy byte counters are added
// when a connection ends, not while it is open. Runtime metrics are this process's, not Go's.
import type { Direction } from './toxic-spec.ts';

export interface MetricsOptions {
  proxyMetrics: boolean;
  runtimeMetrics: boolean;
}

interface Labelled {
  name: string;
  listen: string;
  upstream: string;
}

const COUNTERS = [
  ['received', 'toxiproxy_proxy_received_bytes_total', 'Bytes read by a proxy from the source of a link'],
  ['sent', 'toxiproxy_proxy_sent_bytes_total', 'Bytes written by a proxy to the destination of a link'],
] as const;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export class ProxyMetrics {
  readonly options: MetricsOptions;
  private readonly totals = { received: new Map<string, number>(), sent: new Map<string, number>() };

  constructor(options: MetricsOptions) {
    this.options = options;
  }

  get enabled(): boolean {
    return this.options.proxyMetrics || this.options.runtimeMetrics;
  }

  record(proxy: Labelled, links: { direction: Direction; receivedBytes: number; sentBytes: number }[]): void {
    if (!this.options.proxyMetrics) return;
    for (const link of links) {
      const labels = `direction="${link.direction}",listener="${escapeLabel(proxy.listen)}",proxy="${escapeLabel(proxy.name)}",upstream="${escapeLabel(proxy.upstream)}"`;
      this.totals.received.set(labels, (this.totals.received.get(labels) ?? 0) + link.receivedBytes);
      this.totals.sent.set(labels, (this.totals.sent.get(labels) ?? 0) + link.sentBytes);
    }
  }

  render(): string {
    const lines: string[] = [];
    if (this.options.runtimeMetrics) {
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      lines.push(
        '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
        '# TYPE process_cpu_seconds_total counter',
        `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
        '# HELP process_resident_memory_bytes Resident memory size in bytes.',
        '# TYPE process_resident_memory_bytes gauge',
        `process_resident_memory_bytes ${memory.rss}`,
        '# HELP nodejs_heap_used_bytes V8 heap in use, in bytes.',
        '# TYPE nodejs_heap_used_bytes gauge',
        `nodejs_heap_used_bytes ${memory.heapUsed}`,
      );
    }
    if (this.options.proxyMetrics) {
      for (const [key, name, help] of COUNTERS) {
        const series = [...this.totals[key]].sort(([a], [b]) => (a < b ? -1 : 1));
        if (series.length === 0) continue;
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
        for (const [labels, value] of series) lines.push(`${name}{${labels}} ${value}`);
      }
    }
    return lines.map((line) => `${line}\n`).join('');
  }
}

// Prometheus' text exposition format (version 0.0.4) written by hand, for what does not go
// through prom-client: the worker's /metrics (the worker stays small and does not load it), the
// process metrics every rollcall process serves (process-metrics.ts), and the registry's
// heartbeat-handling histogram (observed on every heartbeat: prom-client's observe cost several
// times what counting here does, docs/performance.md).

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

/** One line of a family: its labels, its value, and for histograms the series suffix (`_bucket`, `_sum`, `_count`). */
export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
  readonly suffix?: string;
}

export interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary';
  readonly help: string;
  readonly samples: readonly Sample[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function sampleLine(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels ?? {});
  const braces = labels.length === 0 ? '' : `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
  return `${name}${sample.suffix ?? ''}${braces} ${formatValue(sample.value)}\n`;
}

/** The exposition text of `families`: HELP and TYPE, then each sample, one per line. */
export function renderFamilies(families: readonly Family[]): string {
  let text = '';
  for (const family of families) {
    text += `# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) text += sampleLine(family.name, sample);
  }
  return text;
}

/** A histogram of one series: cumulative buckets (upper bounds in ascending order, +Inf added), a sum and a count. */
export class Histogram {
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.#counts = bounds.map(() => 0);
  }

  /** Allocates nothing: the registry observes every heartbeat. */
  observe(value: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && !(value <= bounds[i]!)) i++; // NaN falls in no bucket
    if (i < bounds.length) this.#counts[i]!++;
    this.#sum += value;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  /** Its lines, each also carrying `labels` (after `le` on the buckets, as prom-client writes them). */
  samples(labels: Labels = {}): Sample[] {
    let cumulative = 0;
    const buckets: Sample[] = this.#bounds.map((bound, i) => {
      cumulative += this.#counts[i]!;
      return { suffix: '_bucket', labels: { le: String(bound), ...labels }, value: cumulative };
    });
    buckets.push({ suffix: '_bucket', labels: { le: '+Inf', ...labels }, value: this.#count });
    return [...buckets, { suffix: '_sum', labels, value: this.#sum }, { suffix: '_count', labels, value: this.#count }];
  }
}

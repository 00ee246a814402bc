// Checks a /metrics reply the way Prometheus and promtool would: it parses (prometheus-text.ts)
// and the naming rules hold — valid snake_case names, HELP and TYPE on every family, counters
// and only counters ending in _total, base units in the name (no ms, MB or percent),
// histograms in seconds or bytes with ascending, cumulative buckets ending in +Inf that agree
// with _count, snake_case label names and enum label values.
import { parseExposition, type ParsedFamily } from './prometheus-text.ts';

const LABEL = /^[a-z_][a-z0-9_]*$/;
const NON_BASE_UNITS = /_(ms|milliseconds|microseconds|us|ns|minutes|hours|kb|mb|gb|kilobytes|megabytes|percent)(_|$)/;
/** Labels whose values are free text (a version, a route) or fixed by convention (HTTP methods, le, quantile). */
const FREE_LABELS = new Set(['version', 'node', 'route', 'method', 'le', 'quantile']);

export interface Exposition {
  families: Map<string, ParsedFamily>;
  problems: string[];
}

/** A histogram's series, one per label set (le aside). */
function histogramSeries(family: ParsedFamily): Map<string, { bounds: [string, number][]; count: number | undefined }> {
  const series = new Map<string, { bounds: [string, number][]; count: number | undefined }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    const one = series.get(key) ?? { bounds: [], count: undefined };
    series.set(key, one);
    if (sample.name.endsWith('_bucket') && le !== undefined) one.bounds.push([le, sample.value]);
    if (sample.name.endsWith('_count')) one.count = sample.value;
  }
  return series;
}

function bucketProblems(family: ParsedFamily): string[] {
  const problems: string[] = [];
  for (const [labels, { bounds, count }] of histogramSeries(family)) {
    const where = `${family.name}${labels}`;
    if (bounds.at(-1)?.[0] !== '+Inf') problems.push(`${where}: the last bucket is not +Inf`);
    if (bounds.some(([le], i) => i > 0 && Number(le) <= Number(bounds[i - 1]![0]))) problems.push(`${where}: bucket bounds are not ascending`);
    if (bounds.some(([, c], i) => i > 0 && c < bounds[i - 1]![1])) problems.push(`${where}: buckets are not cumulative`);
    if (bounds.at(-1)?.[1] !== count) problems.push(`${where}: the last bucket differs from _count`);
  }
  return problems;
}

function familyProblems(family: ParsedFamily): string[] {
  const { name, type } = family;
  const problems: string[] = [];
  if (!/^[a-z_:][a-z0-9_:]*$/.test(name)) problems.push(`${name}: not a snake_case metric name`);
  if (!family.help) problems.push(`${name}: no HELP`);
  if (type === 'untyped') problems.push(`${name}: no TYPE`);
  if (type === 'counter' && !name.endsWith('_total')) problems.push(`${name}: a counter whose name does not end in _total`);
  if (type !== 'counter' && /_(total|count|sum|bucket)$/.test(name)) problems.push(`${name}: a ${type} named like a counter or a histogram series`);
  if (NON_BASE_UNITS.test(name)) problems.push(`${name}: a unit other than a base unit in the name`);
  if (type === 'histogram' && !/_(seconds|bytes)$/.test(name)) problems.push(`${name}: a histogram without its unit (seconds, bytes) at the end of its name`);
  if (type === 'histogram') problems.push(...bucketProblems(family));
  for (const sample of family.samples) {
    for (const [label, value] of Object.entries(sample.labels)) {
      if (!LABEL.test(label) || label.startsWith('__')) problems.push(`${name}: label name ${label}`);
      if (!FREE_LABELS.has(label) && !/^[a-z0-9_]+$/.test(value)) problems.push(`${name}: label value ${label}="${value}" is not snake_case`);
    }
  }
  return problems;
}

/** Parses `text` and lists every rule it breaks (none for a clean exposition). */
export function lintExposition(text: string): Exposition {
  let families = new Map<string, ParsedFamily>();
  const problems: string[] = [];
  try {
    families = parseExposition(text);
  } catch (error) {
    problems.push(`it does not parse: ${(error as Error).message}`);
  }
  for (const family of families.values()) problems.push(...familyProblems(family));
  return { families, problems: [...new Set(problems)] };
}

// A strict parser of Prometheus' text exposition format (version 0.0.4), for the tests that
// scrape /metrics. The npm parsers tried do not fit: parse-prometheus-text-format folds a
// histogram's labelled series into one. This one refuses what Prometheus would: a line that
// does not parse, a bad escape, a value that is not a float, HELP or TYPE given twice or after
// the family's samples, and a family whose lines are not together.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface ParsedSample {
  /** The series name as written (`x_bucket`, `x_sum`, …). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help: string | null;
  type: MetricType;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?[ \\t]+(\\S+)(?:[ \\t]+-?\\d+)?$`);
const META = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const FLOAT = /^(NaN|[+-]?Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/;
const SUFFIXES: Record<MetricType, readonly string[]> = { counter: [], gauge: [], untyped: [], histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

function labelsOf(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const label = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\[\\n"])*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    label.lastIndex = at;
    const match = label.exec(text);
    if (!match) throw new Error(`bad labels in: ${line}`);
    const [, key, raw] = match;
    if (key! in labels) throw new Error(`label ${key} twice in: ${line}`);
    labels[key!] = raw!.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    at = label.lastIndex;
  }
  return labels;
}

function valueOf(text: string, line: string): number {
  if (!FLOAT.test(text)) throw new Error(`not a float value in: ${line}`);
  return text === 'NaN' ? Number.NaN : text.endsWith('Inf') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
}

/** The family a sample belongs to: its own name, or a histogram's or summary's with the suffix taken off. */
function familyOf(families: Map<string, ParsedFamily>, name: string): ParsedFamily {
  for (const family of families.values()) {
    if (family.name === name || SUFFIXES[family.type].some((suffix) => family.name + suffix === name)) return family;
  }
  const created: ParsedFamily = { name, help: null, type: 'untyped', samples: [] };
  families.set(name, created);
  return created;
}

/** Parses `text`; throws on the first line Prometheus would refuse. */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const closed = new Set<string>();
  let current: ParsedFamily | null = null;
  const enter = (family: ParsedFamily, line: string) => {
    if (current === family) return;
    if (closed.has(family.name)) throw new Error(`the lines of ${family.name} are not together: ${line}`);
    if (current) closed.add(current.name);
    current = family;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = META.exec(line);
    if (meta) {
      const [, what, name, rest = ''] = meta;
      const family = families.get(name!) ?? { name: name!, help: null, type: 'untyped' as MetricType, samples: [] };
      families.set(name!, family);
      enter(family, line);
      if (family.samples.length > 0) throw new Error(`${what} after the samples of ${name}`);
      if (what === 'HELP') {
        if (family.help !== null) throw new Error(`HELP twice for ${name}`);
        family.help = rest;
      } else {
        if (family.type !== 'untyped' || !(rest in SUFFIXES)) throw new Error(`bad or second TYPE: ${line}`);
        family.type = rest as MetricType;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`line does not parse: ${line}`);
    const family = familyOf(families, sample[1]!);
    enter(family, line);
    family.samples.push({ name: sample[1]!, labels: labelsOf(sample[2] ?? '', line), value: valueOf(sample[3]!, line) });
  }
  return families;
}

/** The value of one series as written (`name{label="v",…}`) in `text`; undefined when absent. */
export function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

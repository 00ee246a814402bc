// Turns the figures of interleaved base and head runs into one row per figure: each side's
// median and the head/base ratio taken pair by pair (run i of head against run i of base), so
// that a drift of the machine's speed over the session falls on both sides of every ratio.
import { median } from '../support/stats.ts';

/** One run's figures by name: the numbers of the benchmark's JSON, flattened to dotted paths. */
export type Figures = Record<string, number>;

export interface FigureRow {
  name: string;
  base: number;
  head: number;
  /** Median of the pairwise head/base ratios. */
  ratio: number;
  /** Smallest and largest pairwise ratio: how far to trust `ratio`. */
  spread: [number, number];
}

/** Every finite number in `value`, keyed by its path (`network.delivered`); arrays by index. */
export function flattenFigures(value: unknown, prefix = '', into: Figures = {}): Figures {
  if (typeof value === 'number' && Number.isFinite(value)) into[prefix] = value;
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flattenFigures(inner, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}

/** Rows for the figures both sides report in every run, in the order the head reports them. */
export function compareFigures(base: readonly Figures[], head: readonly Figures[]): FigureRow[] {
  const pairs = Math.min(base.length, head.length);
  if (pairs === 0) return [];
  const names = Object.keys(head[0]!).filter((name) =>
    [...base.slice(0, pairs), ...head.slice(0, pairs)].every((run) => name in run),
  );
  return names.map((name) => {
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) ratios.push(head[i]![name]! / base[i]![name]!);
    const finite = ratios.filter(Number.isFinite);
    return {
      name,
      base: median(base.slice(0, pairs).map((run) => run[name]!)),
      head: median(head.slice(0, pairs).map((run) => run[name]!)),
      ratio: median(finite),
      spread: finite.length ? [Math.min(...finite), Math.max(...finite)] : [Number.NaN, Number.NaN],
    };
  });
}

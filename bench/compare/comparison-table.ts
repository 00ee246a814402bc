// The comparison as a person reads it: per benchmark, the figures that differ between runs with
// both medians, the ratio and its spread; then the figures that were the same in every run
// (the work done: workers, heartbeats…), which show both sides measured the same thing.
import type { FigureRow } from './figure-ratios.ts';

export interface ComparisonHeader {
  base: string;
  head: string;
  runs: number;
  flags: readonly string[];
}

const number = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toPrecision(4));
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '–');

export function formatComparison(header: ComparisonHeader, results: ReadonlyArray<{ bench: string; rows: FigureRow[] }>): string {
  const lines = [
    `base  ${header.base}`,
    `head  ${header.head}`,
    `${header.runs} runs each, interleaved${header.flags.length ? `; bench flags: ${header.flags.join(' ')}` : ''}`,
  ];
  for (const { bench, rows } of results) {
    const moving = rows.filter((row) => !(row.spread[0] === 1 && row.spread[1] === 1 && row.base === row.head));
    const fixed = rows.filter((row) => !moving.includes(row));
    const width = Math.max(6, ...moving.map((row) => row.name.length));
    lines.push('', bench, `  ${'figure'.padEnd(width)}  ${'base'.padStart(12)}  ${'head'.padStart(12)}  head/base  spread`);
    for (const row of moving) {
      const spread = `${ratio(row.spread[0])}–${ratio(row.spread[1])}`;
      lines.push(`  ${row.name.padEnd(width)}  ${number(row.base).padStart(12)}  ${number(row.head).padStart(12)}  ${ratio(row.ratio).padStart(9)}  ${spread}`);
    }
    if (fixed.length) lines.push(`  same in every run: ${fixed.map((row) => `${row.name}=${number(row.base)}`).join(', ')}`);
  }
  return lines.join('\n');
}

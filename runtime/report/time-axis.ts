// The time axis: scenario time in production milliseconds mapped onto the plot, with ticks at
// round durations ("30s", "2m", "1h") chosen so that a run of any length gets 5 to 12 of them.
import { formatDuration } from '../config/units.ts';

const STEPS_MS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

export interface TimeAxis {
  endMs: number;
  /** Left edge of the plot, in SVG units. */
  x0: number;
  width: number;
  x(ms: number): number;
  ticks: { ms: number; label: string }[];
}

export function tickStepMs(endMs: number, maxTicks = 12): number {
  return STEPS_MS.find((step) => endMs / step <= maxTicks) ?? Math.ceil(endMs / maxTicks / 86_400_000) * 86_400_000;
}

/** "0", "30s", "2m", "1m30s", "1h". */
export function tickLabel(ms: number): string {
  return ms === 0 ? '0' : formatDuration(ms);
}

/** Exact time for a hover title: "4m11s (250 500 ms)". */
export function exactTime(ms: number): string {
  return `${tickLabel(ms)} (${String(Math.round(ms)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} ms)`;
}

export function timeAxis(endMs: number, x0: number, width: number): TimeAxis {
  const end = Math.max(1, endMs);
  const step = tickStepMs(end);
  const ticks: { ms: number; label: string }[] = [];
  for (let ms = 0; ms <= end; ms += step) ticks.push({ ms, label: tickLabel(ms) });
  const x = (ms: number) => x0 + (Math.min(Math.max(ms, 0), end) / end) * width;
  return { endMs: end, x0, width, x, ticks };
}

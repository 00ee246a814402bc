// Parsing of the human units used in flags and config files: durations ("500ms", "30s",
// "2m", "1h30m", "7d") and percentages ("5%"). Each parser throws a RangeError whose message
// is fit to show a user as is.

const DURATION_UNITS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)/;

/** Milliseconds in a duration such as "30s", "1h30m" or "250ms". */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '') throw new RangeError('a duration cannot be empty (use e.g. "30s", "2m", "500ms")');
  let rest = input;
  let total = 0;
  while (rest.length > 0) {
    const match = DURATION.exec(rest);
    if (!match) {
      throw new RangeError(`"${text}" is not a duration (use a number with a unit: us, ms, s, m, h, d — e.g. "30s", "1h30m")`);
    }
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** A fraction in [0, 1] from "5%" (or a bare fraction such as "0.05"). */
export function parsePercent(text: string): number {
  const input = text.trim();
  const match = /^(\d+(?:\.\d+)?)%$/.exec(input);
  const value = match ? Number(match[1]) / 100 : /^\d*\.?\d+$/.test(input) ? Number(input) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`"${text}" is not a percentage from 0% to 100%`);
  }
  return value;
}

/** A whole number within bounds, from a flag's text. */
export function parseCount(text: string, min: number, max: number, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/** "1h30m" style text for a duration in milliseconds (for summaries). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
  // Rounded to whole seconds first: 119.6 s is 2m, never 1m60s.
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  const rs = whole - m * 60;
  if (m < 60) return rs ? `${m}m${rs}s` : `${m}m`;
  const h = Math.floor(m / 60);
  const rm = m - h * 60;
  return rm ? `${h}h${rm}m` : `${h}h`;
}

/** A duration written exactly, for command lines that must parse back to the same value. */
export function formatExactDuration(ms: number): string {
  if (ms === 0) return '0ms';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}

// One setting's value, from JSON (a file, a flag's typed value) or from text (an environment
// variable, a flag's text), checked against its kind and bounds. A bad value throws a
// RangeError whose message says what is wrong with it, without the key: the loader adds that.
import { formatExactDuration, parseDuration } from './units.ts';

export type ValueKind = 'duration' | 'integer' | 'fraction' | 'number' | 'boolean';

export interface Bounds {
  /** Inclusive; milliseconds for a duration. */
  min?: number;
  max?: number;
}

const DAY = 86_400_000;

/** A duration in whole milliseconds written back with units: "30s", "2m", "7d", "1h30m". */
export function formatConfigDuration(ms: number): string {
  const days = Math.floor(ms / DAY);
  const rest = ms - days * DAY;
  if (days === 0) return formatExactDuration(ms);
  return rest === 0 ? `${days}d` : `${days}d${formatExactDuration(rest)}`;
}

function shown(raw: unknown): string {
  return typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
}

function duration(raw: unknown): number {
  if (typeof raw !== 'string') throw new RangeError(`${shown(raw)} is not a duration: write it as a string with a unit, e.g. "30s"`);
  const ms = parseDuration(raw);
  if (!Number.isInteger(ms)) throw new RangeError(`${shown(raw)} is not a whole number of milliseconds`);
  return ms;
}

function integer(raw: unknown): number {
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RangeError(`${shown(raw)} is not a whole number`);
  return value;
}

function fraction(raw: unknown): number {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const value = percent ? Number(percent[1]) / 100 : typeof raw === 'string' && text !== '' ? Number(text) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${shown(raw)} is not a fraction from 0 to 1 (e.g. 0.55 or "55%")`);
  }
  return value;
}

function number(raw: unknown): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${shown(raw)} is not a number`);
  return value;
}

function boolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new RangeError(`${shown(raw)} is not true or false`);
}

const parsers: Record<ValueKind, (raw: unknown) => number | boolean> = { duration, integer, fraction, number, boolean };

/** Renders a bound in the key's own unit. */
export function formatBound(kind: ValueKind, value: number): string {
  return kind === 'duration' ? formatConfigDuration(value) : String(value);
}

/** The value of `raw` as a setting of this kind and bounds, or a RangeError saying why not. */
export function parseValue(kind: ValueKind, raw: unknown, bounds: Bounds): number | boolean {
  const value = parsers[kind](raw);
  if (typeof value === 'boolean') return value;
  if (bounds.min !== undefined && value < bounds.min) {
    throw new RangeError(`${shown(raw)} is below the minimum, ${formatBound(kind, bounds.min)}`);
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new RangeError(`${shown(raw)} is above the maximum, ${formatBound(kind, bounds.max)}`);
  }
  return value;
}

/** The value as `describeConfig` shows it and a config file writes it. */
export function renderValue(kind: ValueKind, value: number | boolean): string | number | boolean {
  return kind === 'duration' ? formatConfigDuration(value as number) : value;
}

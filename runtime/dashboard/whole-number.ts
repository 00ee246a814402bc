// A whole number from a query string, as the dashboard's read routes take their paging.
import type { FieldReader } from '../http/field-reader.ts';

/** `?offset=200` → 200; `fallback` when absent; a violation recorded when over `max` or not digits. */
export function wholeNumber(query: FieldReader, field: string, fallback: number, max: number): number {
  const text = query.string(field, { max: 10, pattern: /^\d+$/ });
  if (text === undefined) return fallback;
  const value = Number(text);
  if (value > max) query.violate(field, `must be at most ${max}`);
  return Math.min(value, max);
}

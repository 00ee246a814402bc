// A member's copy for whoever keeps one apart from the registry (a store, a test's snapshot).
import type { MemberReadout, MemberRecord } from './member-table.ts';

/**
 * A deep copy of plain data (objects, arrays, primitives), string keys only: what
 * `structuredClone` gives for a member, without serialising it (the store copies each member
 * it saves). Symbol keys stay behind, as with `structuredClone`, so the worker report (under
 * `REPORT`) is never stored.
 */
function plainCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plainCopy) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = plainCopy((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** A copy of a member that its holder may change (a store's own copy, a test's snapshot). */
export function copyOf(member: MemberReadout): MemberRecord {
  return plainCopy(member) as MemberRecord;
}

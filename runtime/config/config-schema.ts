// The shape of a schema table: one entry per config key (docs/behaviour.md §4 "Configuration"), saying
// which field of the typed config it sets, its kind and bounds, and what it means (the docs'
// table is checked against these entries).
import type { Bounds, ValueKind } from './config-values.ts';

export interface KeySpec<C> extends Bounds {
  kind: ValueKind;
  /** The field of the typed config this key sets (`heartbeatInterval` → `heartbeatIntervalMs`). */
  field: keyof C & string;
  meaning: string;
}

/** Config key (camelCase, as in docs/behaviour.md) → its spec. */
export type ConfigSchema<C> = Readonly<Record<string, KeySpec<C>>>;

/** `heartbeatInterval` → `ROLLCALL_HEARTBEAT_INTERVAL`. */
export function envName(key: string): string {
  return `ROLLCALL_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** `heartbeatInterval` → `--heartbeat-interval`. */
export function flagName(key: string): string {
  return `--${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;
/** No duration setting is longer than a year. */
export const DURATION_MAX = 365 * DAY;
export const COUNT_MAX = 1_000_000_000;

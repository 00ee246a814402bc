// Small helpers for the registry core's unit tests: a registry on explicit virtual time, workers
// that join and beat, and narrowing of the `Outcome` union so a failed call fails the test.
import { SeededChance } from '../../machines/random.ts';
import { Registry, type RegistrySnapshot } from '../../machines/registry/registry.ts';
import { defaultRegistryConfig, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import { describeState, type MemberRecord } from '../../machines/registry/member-table.ts';
import type {
  HeartbeatRequest,
  Outcome,
  RegisterReply,
  RegisterRequest,
  RegistryError,
} from '../../machines/registry/registry.types.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export function makeRegistry(overrides: Partial<RegistryConfig> = {}, now = 0, restored?: RegistrySnapshot): Registry {
  return new Registry({ ...defaultRegistryConfig, ...overrides }, new SeededChance(7), now, restored);
}

export function ok<T>(outcome: Outcome<T>): { ok: true } & T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

export function err<T>(outcome: Outcome<T>): RegistryError {
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome;
}

export type Session = RegisterReply & { ok: true };

let port = 7000;
/** A registration request with a fresh agent address unless one is given. */
export function request(extra: Partial<RegisterRequest> = {}): RegisterRequest {
  return { name: 'worker', address: `10.0.0.1:${port++}`, maxConcurrentJobs: 2, ...extra };
}

export function join(r: Registry, now: number, extra: Partial<RegisterRequest> = {}): Session {
  return ok(r.register(request(extra), now));
}

export function beat(r: Registry, s: Session, now: number, extra: Partial<HeartbeatRequest> = {}) {
  return r.heartbeat({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken, currentJobs: 0, ...extra }, now);
}

export function member(r: Registry, id: string): MemberRecord {
  const m = r.table.get(id);
  if (!m) throw new Error(`no member ${id}`);
  return m;
}

export function stateName(r: Registry, id: string): string {
  return describeState(member(r, id));
}

/** Calls `sweeps.tick` every `stepMs` from `from` (exclusive) to `to` (inclusive). */
export function tickThrough(r: Registry, from: number, to: number, stepMs = SECOND): void {
  for (let t = from + stepMs; t <= to; t += stepMs) r.sweeps.tick(t);
}

export function effectKinds(r: Registry): string[] {
  return r.takeEffects().map((e) => e.kind);
}

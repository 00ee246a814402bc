// Small helpers for the registry core's unit tests: a registry on explicit virtual time (driven
// through a CoreTurn, which keeps the effects of its commands until taken), workers that join and beat, and narrowing of the `Outcome` union so a failed call fails the test.
import { SeededChance } from '../../machines/random.ts';
import { Registry, type RegistrySnapshot } from '../../machines/registry/registry.ts';
import { CoreTurn } from '../../runtime/registry/core-turn.ts';
import { defaultRegistryConfig, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import { copyOf } from '../../machines/registry/member-copy.ts';
import { describeState, type MemberReadout } from '../../machines/registry/member-table.ts';
import type {
  HeartbeatRequest,
  Outcome,
  RegisterReply,
  RegisterRequest,
  RegistryError,
} from '../../machines/registry/registry.types.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export function makeRegistry(overrides: Partial<RegistryConfig> = {}, now = 0, restored?: RegistrySnapshot): CoreTurn {
  return new CoreTurn(new Registry({ ...defaultRegistryConfig, ...overrides }, new SeededChance(7), now, restored));
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

export function join(r: CoreTurn, now: number, extra: Partial<RegisterRequest> = {}): Session {
  return ok(r.run({ kind: 'register', request: request(extra) }, now));
}

export function beat(r: CoreTurn, s: Session, now: number, extra: Partial<HeartbeatRequest> = {}) {
  return r.run({ kind: 'heartbeat', request: { workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken, currentJobs: 0, ...extra } }, now);
}

export function member(r: CoreTurn, id: string): MemberReadout {
  const m = r.member(id);
  if (!m) throw new Error(`no member ${id}`);
  return m;
}

export function stateName(r: CoreTurn, id: string): string {
  return describeState(member(r, id));
}

/** Calls `tick` every `stepMs` from `from` (exclusive) to `to` (inclusive). */
export function tickThrough(r: CoreTurn, from: number, to: number, stepMs = SECOND): void {
  for (let t = from + stepMs; t <= to; t += stepMs) r.tick(t);
}

/** What a store would hold of `r` now: copies of its members and jobs, to restart a registry from. */
export function snapshotOf(r: CoreTurn): RegistrySnapshot {
  return { members: [...r.members()].map(copyOf), jobs: structuredClone([...r.jobs()]) };
}

export function effectKinds(r: CoreTurn): string[] {
  return r.takeEffects().map((e) => e.kind);
}

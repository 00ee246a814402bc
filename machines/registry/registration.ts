// Who is registering: identity by requested ID, then by agent address, else a new member
// (docs/behaviour.md §1; docs/api.md, Identity); secrets as Nomad has them, and an address identity for
// agents that know nothing of secrets (seed 001). Also what a registration may change of what
// an operator set.
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { SecretCheck } from './registration-gate.ts';
import type { Effect, Outcome, RegisterReply, RegisterRequest } from './registry.types.ts';
import { sameSecret } from './same-secret.ts';

export type Identity =
  | { kind: 'new'; id: string | undefined; reassigned: boolean }
  | { kind: 'returning'; member: MemberRecord }
  | { kind: 'denied'; message: string };

function isLive(member: MemberRecord): boolean {
  const state = stateOf(member);
  return state === 'active' || state === 'unhealthy';
}

function secretMatches(member: MemberRecord, secret: string | undefined): boolean {
  return member.secret === '' || sameSecret(secret, member.secret);
}

/** What `request`'s secret proves about the member its workerId names (the lock-out reads it). */
export function secretCheckOf(table: MemberTable, request: RegisterRequest): SecretCheck {
  const member = request.workerId === undefined ? undefined : table.get(request.workerId);
  if (!member || member.secret === '' || !request.workerSecret) return 'none';
  return sameSecret(request.workerSecret, member.secret) ? 'valid' : 'wrong';
}

export function identify(table: MemberTable, request: RegisterRequest): Identity {
  if (request.workerId !== undefined) {
    const member = table.get(request.workerId);
    if (!member) return { kind: 'new', id: request.workerId, reassigned: false };
    if (secretMatches(member, request.workerSecret)) return { kind: 'returning', member };
    const elsewhere = request.address !== undefined && request.address !== member.address;
    if (isLive(member) && elsewhere) return { kind: 'new', id: undefined, reassigned: true };
    return { kind: 'denied', message: `worker ${member.id} exists and the worker secret does not match` };
  }
  return request.address === undefined ? { kind: 'new', id: undefined, reassigned: false } : byAddress(table, request.address, request.workerSecret);
}

/**
 * Identity by agent address, for a registration without an ID. The member holding the address
 * is the one registering when the request shows its secret, or, without a secret, when that
 * member's worker never showed one either (`addressIdentity`: its address is all it has). A
 * member whose worker holds a secret cannot be claimed without it (403). A request with a
 * secret of its own that is not the holder's is another worker: a new member.
 */
function byAddress(table: MemberTable, address: string, secret: string | undefined): Identity {
  const member = table.byAddress(address);
  if (member && secretMatches(member, secret)) return { kind: 'returning', member };
  if (member && !secret) {
    if (member.addressIdentity) return { kind: 'returning', member };
    return { kind: 'denied', message: `address ${address} belongs to worker ${member.id}, whose worker holds a worker secret: register with its ID and secret, or from another address` };
  }
  return { kind: 'new', id: undefined, reassigned: false };
}

/**
 * Takes what a registration says about the worker. A name the worker made up (`defaultName`)
 * does not replace one that was given (an operator's pre-registration, an earlier `--name`);
 * fields the request leaves out keep their values.
 */
export function takeDetails(member: MemberRecord, request: RegisterRequest): void {
  if (!request.defaultName || member.defaultName) {
    member.name = request.name;
    member.defaultName = request.defaultName === true;
  }
  member.loadFactor = request.loadFactor ?? member.loadFactor;
  member.capabilities = request.capabilities ?? member.capabilities;
  member.labels = request.labels ?? member.labels;
  member.resources = request.resources ?? member.resources;
}

/**
 * Counts a registration's outcome as `created`, `re_registered` or `rejected:<code>`, and
 * queues a refusal for the log (failed attempts and lock-outs show there).
 */
export function recordOutcome(counts: Map<string, number>, effects: Effect[], request: RegisterRequest, outcome: Outcome<RegisterReply>): Outcome<RegisterReply> {
  const key = !outcome.ok ? `rejected:${outcome.code}` : outcome.reRegistered ? 're_registered' : 'created';
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (!outcome.ok) effects.push({ kind: 'registration.refused', workerId: request.workerId ?? null, source: request.sourceAddress ?? null, code: outcome.code });
  return outcome;
}

/**
 * The member's secret after this registration, and the one issued now if any. A worker that
 * brings its own secret (kept in its state dir before it first registers, as Nomad's clients
 * do) can retry a registration whose reply was lost; otherwise one is issued. A member is known
 * by its address only while its worker has never shown a secret (docs/behaviour.md §1).
 */
export function settleSecret(member: MemberRecord, request: RegisterRequest, issue: () => string): string | undefined {
  const issued = member.secret === '' && !request.workerSecret ? issue() : undefined;
  if (member.secret === '') member.secret = issued ?? request.workerSecret ?? '';
  member.addressIdentity = issued !== undefined || (member.addressIdentity === true && !request.workerSecret);
  return issued;
}

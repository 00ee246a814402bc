// Registration as the core's command: who is registering, the lock-outs, validation, the
// member created or found, and the new session it opens (docs/behaviour.md §1). Also the
// operator's pre-registration of a worker that is not up yet.
import type { Chance } from '../random.ts';
import { fail } from './error-codes.ts';
import { heartbeatIntervalMs, settle, scaled, schedule, type CoreParts } from './core-parts.ts';
import { newMemberRecord, type MemberRecord } from './member-table.ts';
import { identify, recordOutcome, secretCheckOf, settleSecret, takeDetails } from './registration.ts';
import { RegistrationGate } from './registration-gate.ts';
import type { Outcome, RegisterReply, RegisterRequest } from './registry.types.ts';
import { openedBy } from './sessions.ts';
import { validateRegistration } from './validation.ts';

export class Registrar {
  readonly #c: CoreParts;
  readonly #gate: RegistrationGate;
  readonly #chance: Chance;
  #idNumber: number;

  constructor(parts: CoreParts, chance: Chance, idNumber: number) {
    this.#c = parts;
    this.#gate = new RegistrationGate(parts.config);
    this.#chance = chance;
    this.#idNumber = idNumber;
  }

  register(request: RegisterRequest, now: number): Outcome<RegisterReply> {
    const c = this.#c;
    return recordOutcome(c.counters.registrationOutcomes, c.effects, request, this.#register(request, now));
  }

  #register(request: RegisterRequest, now: number): Outcome<RegisterReply> {
    const c = this.#c;
    const refusal = this.#gate.refusal(request, secretCheckOf(c.table, request), now);
    if (refusal) return refusal;
    const violations = validateRegistration(request);
    if (violations.length > 0) {
      this.#gate.failed(request, now);
      return fail('invalid_argument', `invalid registration: ${violations.map((v) => v.field).join(', ')}`, {
        details: violations,
      });
    }
    const identity = identify(c.table, request);
    if (identity.kind === 'denied') {
      this.#gate.failed(request, now);
      return fail('permission_denied', identity.message);
    }
    if (identity.kind === 'new' && c.table.members.size >= c.config.maxMembers) return fail('resource_exhausted', `the cluster is full: ${c.config.maxMembers} members (maxMembers); remove some or raise the limit`);
    this.#gate.succeeded(request);
    const member = identity.kind === 'returning' ? identity.member : this.#create(identity.id, request, now);
    // A pre-registered member the worker contacts for the first time (epoch 0) is not returning.
    const returning = identity.kind === 'returning' && member.ctx.epoch > 0;
    const issuedSecret = settleSecret(member, request, () => this.#chance.token());
    this.#startSession(member, request, now, returning);
    return {
      ok: true,
      workerId: member.id,
      ...(issuedSecret ? { workerSecret: issuedSecret } : {}),
      epoch: member.ctx.epoch,
      sessionToken: member.sessionToken,
      reRegistered: returning,
      idReassigned: identity.kind === 'new' && identity.reassigned,
      registeredAt: member.registeredAt,
      heartbeatIntervalMs: heartbeatIntervalMs(c),
    };
  }

  #freshId(): string {
    let id: string;
    do id = `w-${++this.#idNumber}`;
    while (this.#c.table.get(id));
    return id;
  }

  #create(id: string | undefined, request: RegisterRequest, now: number): MemberRecord {
    const member = newMemberRecord(id ?? this.#freshId(), request, now);
    this.#c.table.add(member);
    return member;
  }

  #startSession(member: MemberRecord, request: RegisterRequest, now: number, returning: boolean): void {
    const c = this.#c;
    if (member.jobIds.length > 0) c.jobs.requeue(member, member.jobIds);
    takeDetails(member, request);
    if (request.address !== undefined) c.table.setAddress(member, request.address);
    openedBy(member, request);
    member.sessionToken = this.#chance.token();
    member.lastHeartbeatAt = now;
    member.dialFailures = 0;
    const event = { type: 'member.registered' as const, at: now, epoch: member.ctx.epoch + 1, maxConcurrentJobs: request.maxConcurrentJobs, currentJobs: 0 };
    settle(c, member, event, returning ? 're-registered' : 'registered');
    c.wheel.schedule(member.id, now + scaled(c, c.config.unhealthyAfterMs));
    schedule(c, now);
  }

  /** Operator pre-registration of a worker that is not up yet (seed 000). */
  preRegister(request: { name: string; address: string; workerId?: string }, now: number): Outcome<{ workerId: string; created: boolean }> {
    const c = this.#c;
    const violations = validateRegistration({ ...request, maxConcurrentJobs: 1 });
    if (violations.length > 0) return fail('invalid_argument', 'invalid pre-registration', { details: violations });
    const existing = request.workerId ? c.table.get(request.workerId) : c.table.byAddress(request.address);
    if (existing) return { ok: true, workerId: existing.id, created: false };
    const member = this.#create(request.workerId, { ...request, maxConcurrentJobs: 1 }, now);
    c.table.preRegistered(member);
    return { ok: true, workerId: member.id, created: true };
  }
}

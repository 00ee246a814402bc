// The registry core: registration, heartbeats, deregistration, jobs and the sweeps, as a
// deterministic object that never reads a clock (every call takes `now`) and never does I/O:
// what must be persisted, dispatched or logged is queued as effects for the runtime, which
// makes them durable before it replies.
import type { Chance } from '../random.ts';
import { identify, recordOutcome, secretCheckOf, settleSecret, takeDetails } from './registration.ts';
import { RegistrationGate } from './registration-gate.ts';
import { openedBy, sessionProblem } from './sessions.ts';
import { DeadlineWheel } from './deadline-wheel.ts';
import { isSchedulable, JobBook } from './job-book.ts';
import { MemberTable, newMemberRecord, stateOf, substateOf, type MemberAction, type MemberRecord } from './member-table.ts';
import { heartbeatIntervalFor, type RegistryConfig } from './registry.config.ts';
import { restoreSnapshot, type RegistrySnapshot } from './restore.ts';
import { validateRegistration } from './validation.ts';
import { counted, fail } from './error-codes.ts';
import type {
  DeregisterRequest, Effect, HeartbeatReply, HeartbeatRequest, JobSpec, Outcome, RegisterReply, RegisterRequest, RegistryError, TaskReport,
} from './registry.types.ts';
import { Sweeps } from './sweeps.ts';
import { keepReport, reportProblem } from './worker-report.ts';

export type { RegistrySnapshot } from './restore.ts';

export class Registry {
  readonly config: RegistryConfig;
  readonly effects: Effect[] = [];
  readonly table: MemberTable;
  readonly jobs: JobBook;
  readonly wheel: DeadlineWheel;
  readonly sweeps: Sweeps;
  readonly #gate: RegistrationGate;
  readonly #chance: Chance;
  #idNumber = 0;
  /** Heartbeats accepted so far (the runtime turns it into a rate). */
  heartbeatCount = 0;
  /** Members whose heartbeat time changed since the runtime last wrote them behind. */
  readonly heartbeatsToWrite = new Set<string>();

  constructor(config: RegistryConfig, chance: Chance, now: number, restored?: RegistrySnapshot) {
    this.config = config;
    this.#chance = chance;
    this.table = new MemberTable(config, this.effects);
    this.jobs = new JobBook(this.effects);
    this.wheel = new DeadlineWheel(config.deadlineResolution, now);
    this.#gate = new RegistrationGate(config);
    const graceUntil = restored ? now + config.restartGrace : now;
    this.sweeps = new Sweeps(this, graceUntil);
    if (restored) this.#idNumber = restoreSnapshot(restored, this.table, this.jobs, this.wheel, graceUntil);
  }

  /** Takes the effects queued so far; the runtime persists and dispatches them in order. */
  takeEffects(): Effect[] {
    return this.effects.splice(0, this.effects.length);
  }

  /** Nomad's rule: stretch the interval so the cluster offers at most maxHeartbeatsPerSecond. */
  heartbeatIntervalMs(): number {
    return heartbeatIntervalFor(this.config, this.table.members.size);
  }

  /** A deadline scaled by how far the interval has been stretched. */
  scaled(deadline: number): number {
    return Math.round((deadline * this.heartbeatIntervalMs()) / this.config.heartbeatInterval);
  }

  /** Registration attempts by outcome: `created`, `re_registered`, `rejected:<code>`. */
  readonly registrationOutcomes = new Map<string, number>();

  register(request: RegisterRequest, now: number): Outcome<RegisterReply> {
    return recordOutcome(this.registrationOutcomes, this.effects, request, this.#register(request, now));
  }

  #register(request: RegisterRequest, now: number): Outcome<RegisterReply> {
    const refusal = this.#gate.refusal(request, secretCheckOf(this.table, request), now);
    if (refusal) return refusal;
    const violations = validateRegistration(request);
    if (violations.length > 0) {
      this.#gate.failed(request, now);
      return fail('invalid_argument', `invalid registration: ${violations.map((v) => v.field).join(', ')}`, {
        details: violations,
      });
    }
    const identity = identify(this.table, request);
    if (identity.kind === 'denied') {
      this.#gate.failed(request, now);
      return fail('permission_denied', identity.message);
    }
    if (identity.kind === 'new' && this.table.members.size >= this.config.maxMembers) return fail('resource_exhausted', `the cluster is full: ${this.config.maxMembers} members (maxMembers); remove some or raise the limit`);
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
      heartbeatIntervalMs: this.heartbeatIntervalMs(),
    };
  }

  /** Batch registration (docs/behaviour.md §1): each request is registered on its own, one result per item. */
  registerBatch(requests: readonly RegisterRequest[], now: number): Outcome<RegisterReply>[] { return requests.map((r) => this.register(r, now)); }

  #freshId(): string {
    let id: string;
    do id = `w-${++this.#idNumber}`;
    while (this.table.get(id));
    return id;
  }

  #create(id: string | undefined, request: RegisterRequest, now: number): MemberRecord {
    const member = newMemberRecord(id ?? this.#freshId(), request, now);
    this.table.add(member);
    return member;
  }

  #startSession(member: MemberRecord, request: RegisterRequest, now: number, returning: boolean): void {
    if (member.jobIds.length > 0) this.jobs.requeue(member, member.jobIds);
    takeDetails(member, request);
    if (request.address !== undefined) this.table.setAddress(member, request.address);
    openedBy(member, request);
    member.sessionToken = this.#chance.token();
    member.lastHeartbeatAt = now;
    member.dialFailures = 0;
    const event = { type: 'member.registered' as const, at: now, epoch: member.ctx.epoch + 1, maxConcurrentJobs: request.maxConcurrentJobs, currentJobs: 0 };
    this.#run(member, this.table.apply(member, event, returning ? 're-registered' : 'registered'), now);
    this.wheel.schedule(member.id, now + this.scaled(this.config.unhealthyAfter));
    this.schedule(now);
  }

  /** Checks a session's credentials; returns the member or the error to reply with. */
  session(workerId: string, epoch: number, token: string): MemberRecord | RegistryError {
    const member = this.table.get(workerId);
    if (!member) return fail('not_found', `worker ${workerId} is not registered; register again`);
    return sessionProblem(member, epoch, token) ?? member;
  }

  readonly heartbeatFailures = new Map<RegistryError['code'], number>(); // refused, by code (APIs count what never reaches the core)

  heartbeat(request: HeartbeatRequest, now: number): Outcome<HeartbeatReply> {
    const member = this.session(request.workerId, request.epoch, request.sessionToken);
    if ('ok' in member) return counted(this.heartbeatFailures, member);
    member.lastHeartbeatAt = now;
    this.heartbeatCount++;
    this.heartbeatsToWrite.add(member.id);
    let actions: MemberAction[] = [];
    if (stateOf(member) === 'unhealthy') {
      const event = { type: 'heartbeat.received' as const, at: now, currentJobs: member.jobIds.length };
      actions = this.table.apply(member, event, 'heartbeat resumed');
      this.wheel.schedule(member.id, now + this.scaled(this.config.unhealthyAfter));
      // A recovery may end a mass failure: release the guard now, not at the next sweep.
      this.sweeps.updateGuard(now);
    }
    // The worker's own drain is taken before anything is scheduled, so it gets no new job.
    const draining = substateOf(member) === 'draining';
    if (request.draining && !draining && stateOf(member) === 'active') {
      this.table.apply(member, { type: 'drain.requested', at: now }, 'worker draining');
    }
    this.#run(member, actions, now);
    if (request.activeJobIds) this.sweeps.reconcileJobs(member, request.activeJobIds, now);
    keepReport(member, request, member.jobIds.length); // a fresh heartbeat passes the health check unless its report disagrees
    if (member.ctx.checkFailures > 0 && !reportProblem(member)) this.table.apply(member, { type: 'check.passed', at: now }, 'heartbeat');
    this.#offer(member, now);
    return {
      ok: true,
      instruction: draining && !request.draining ? 'drain' : 'none',
      heartbeatIntervalMs: this.heartbeatIntervalMs(),
    };
  }

  deregister(request: DeregisterRequest, now: number): Outcome<{ requeued: number }> {
    const member = this.session(request.workerId, request.epoch, request.sessionToken);
    if ('ok' in member) return member;
    const count = member.jobIds.length;
    this.effects.push({ kind: 'member.deregistering', memberId: member.id, force: request.force === true, jobs: count });
    if (count > 0 && !request.force) {
      return fail('failed_precondition', `worker ${member.id} has ${count} active job(s); deregister with force to requeue them`);
    }
    return this.#leave(member, request.reason || 'deregistered', now);
  }

  /**
   * Operator force-deregistration: inactive now, session revoked, jobs requeued (a failed member
   * is unregistered instead). The operator's `reason`, when given, is kept in the transition.
   */
  forceDeregister(workerId: string, now: number, reason = ''): Outcome<{ requeued: number }> {
    const member = this.table.get(workerId);
    if (!member) return fail('not_found', `worker ${workerId} does not exist`);
    if (stateOf(member) === 'failed') return fail('failed_precondition', `worker ${workerId} has failed; unregister it to remove it`);
    const why = reason ? `deregistered by an operator: ${reason}` : 'deregistered by an operator';
    return stateOf(member) === 'inactive' ? { ok: true, requeued: 0 } : this.#leave(member, why, now);
  }

  #leave(member: MemberRecord, reason: string, now: number): Outcome<{ requeued: number }> {
    const count = member.jobIds.length;
    this.jobs.requeue(member, member.jobIds);
    member.sessionToken = '';
    this.table.apply(member, { type: 'member.deregistered', at: now }, reason);
    this.wheel.cancel(member.id);
    this.schedule(now);
    return { ok: true, requeued: count };
  }

  /** Operator purge: the member is deleted and no longer dialled. */
  unregister(workerId: string, now: number): Outcome<{ requeued: number }> {
    const member = this.table.get(workerId);
    if (!member) return fail('not_found', `worker ${workerId} does not exist`);
    const count = member.jobIds.length;
    this.jobs.requeue(member, member.jobIds);
    this.table.delete(member);
    this.wheel.cancel(member.id);
    this.effects.push({ kind: 'member.removed', memberId: member.id });
    this.schedule(now);
    return { ok: true, requeued: count };
  }

  /** Operator pre-registration of a worker that is not up yet (seed 000). */
  preRegister(request: { name: string; address: string; workerId?: string }, now: number): Outcome<{ workerId: string; created: boolean }> {
    const violations = validateRegistration({ ...request, maxConcurrentJobs: 1 });
    if (violations.length > 0) return fail('invalid_argument', 'invalid pre-registration', { details: violations });
    const existing = request.workerId ? this.table.get(request.workerId) : this.table.byAddress(request.address);
    if (existing) return { ok: true, workerId: existing.id, created: false };
    const member = this.#create(request.workerId, { ...request, maxConcurrentJobs: 1 }, now);
    this.table.preRegistered(member);
    return { ok: true, workerId: member.id, created: true };
  }

  drain(workerId: string, now: number): Outcome<object> {
    const member = this.table.get(workerId);
    if (!member) return fail('not_found', `worker ${workerId} does not exist`);
    if (stateOf(member) !== 'active') return fail('failed_precondition', `worker ${workerId} is ${stateOf(member)}, not active`);
    this.table.apply(member, { type: 'drain.requested', at: now }, 'drain requested');
    return { ok: true };
  }

  reportTask(report: TaskReport, now: number): Outcome<object> {
    const member = this.session(report.workerId, report.epoch, report.sessionToken);
    if ('ok' in member) return member;
    const problem = this.jobs.finish(member, report.jobId, report.attempt, report.epoch, report.ok, report.result ?? '', now);
    if (problem) return fail('failed_precondition', problem);
    this.#jobCountChanged(member, now);
    this.schedule(now);
    return { ok: true };
  }

  submitJob(spec: JobSpec, now: number): Outcome<{ jobId: string; created: boolean }> {
    if (spec.jobId !== undefined && this.jobs.jobs.has(spec.jobId)) return { ok: true, jobId: spec.jobId, created: false };
    if (this.jobs.queued >= this.config.jobQueueMax) {
      return fail('resource_exhausted', `the job queue is full (${this.config.jobQueueMax} queued)`);
    }
    const job = this.jobs.submit(spec, now);
    this.schedule(now);
    return { ok: true, jobId: job.id, created: true };
  }

  /** Assigns queued jobs to members with room. */
  schedule(now: number): void {
    if (this.jobs.queued === 0) return;
    for (const member of this.jobs.schedule(this.table.members.values(), now, this.table.roomiest())) this.#jobCountChanged(member, now);
  }

  /**
   * Offers queued jobs to one member that has room, e.g. when its flap cooldown has run out:
   * nothing else would schedule onto it until some other call did.
   */
  #offer(member: MemberRecord, now: number): void {
    if (this.jobs.queued === 0 || !isSchedulable(member, now)) return;
    if (this.jobs.schedule([member], now).size > 0) this.#jobCountChanged(member, now);
  }

  #jobCountChanged(member: MemberRecord, now: number): void {
    if (stateOf(member) !== 'active') return;
    this.table.apply(member, { type: 'jobs.changed', at: now, currentJobs: member.jobIds.length }, 'jobs changed');
  }

  /** Runs the named actions a member transition asked for. */
  #run(member: MemberRecord, actions: MemberAction[], now: number): void {
    for (const action of actions) {
      if (action === 'revokeSession') member.sessionToken = '';
      if (action === 'requeueJobs' || action === 'clearAssignments') this.jobs.requeue(member, member.jobIds);
    }
    if (actions.length > 0) this.schedule(now);
  }

  /** Sends a time-driven event into a member (used by the sweeps). */
  judge(member: MemberRecord, event: Parameters<MemberTable['apply']>[1], reason: string, now: number): void {
    this.#run(member, this.table.apply(member, event, reason), now);
  }
}

// The one place where wire messages (proto/messages.ts) and the registry core's types
// (machines/registry/registry.types.ts) meet. Server-side `…FromWire` functions expect input
// that wire-input.ts has already checked.
import type { BreakerState } from '../../machines/breaker.machine.ts';
import type { MemberStateName, MemberSubstate } from '../../machines/member.machine.ts';
import type {
  DeregisterRequest, HeartbeatReply, HeartbeatRequest, Instruction, Job, JobSpec, JobState, MemberHealth, MemberView,
  RegisterReply, RegisterRequest, Resources, Stats, Task, TaskReport,
} from '../../machines/registry/registry.types.ts';
import type { WireBreakerState, WireDeregisterRequest, WireHeartbeatAck, WireHeartbeatRequest, WireInstruction, WireRegisterReply, WireRegisterRequest, WireTask, WireTaskReport } from './proto/messages.ts';
import type { WireJob, WireJobState, WireResources, WireStatsReply, WireSubmitJobRequest, WireWorker, WireWorkerHealth, WireWorkerState, WireWorkerSubstate } from './proto/view-messages.ts';

const STATE_TO_WIRE: Record<MemberStateName, WireWorkerState> = {
  registered: 'REGISTERED', active: 'ACTIVE', unhealthy: 'UNHEALTHY', failed: 'FAILED', inactive: 'INACTIVE',
};
const SUBSTATE_TO_WIRE: Record<MemberSubstate, WireWorkerSubstate> = { idle: 'IDLE', busy: 'BUSY', draining: 'DRAINING' };
const JOB_STATE_TO_WIRE: Record<JobState, WireJobState> = {
  queued: 'QUEUED', assigned: 'ASSIGNED', succeeded: 'SUCCEEDED', failed: 'FAILED',
};
const INSTRUCTION_TO_WIRE: Record<Instruction, WireInstruction> = { none: 'NONE', reRegister: 'RE_REGISTER', drain: 'DRAIN' };
const BREAKER_TO_WIRE: Record<BreakerState, WireBreakerState> = { closed: 'CLOSED', open: 'OPEN', halfOpen: 'HALF_OPEN' };
const BREAKER_FROM_WIRE: Partial<Record<WireBreakerState, BreakerState>> = { CLOSED: 'closed', OPEN: 'open', HALF_OPEN: 'halfOpen' };

/** A wire state filter as a member state; STATE_UNSPECIFIED (or anything unknown) is no filter. */
export function memberStateFromWire(state: WireWorkerState): MemberStateName | undefined {
  for (const [name, wire] of Object.entries(STATE_TO_WIRE)) if (wire === state) return name as MemberStateName;
  return undefined;
}

export function memberStateToWire(state: MemberStateName): WireWorkerState {
  return STATE_TO_WIRE[state];
}

function resourcesFromWire(r: WireResources | null): Resources | undefined {
  if (!r) return undefined;
  const out: Resources = {};
  if (r.cpuCores !== undefined) out.cpuCores = r.cpuCores;
  if (r.memoryMb !== undefined) out.memoryMb = r.memoryMb;
  if (r.diskMb !== undefined) out.diskMb = r.diskMb;
  return out;
}

/** `address` is the agent address the handler settled on (given, or built from agent_port). */
export function registerRequestFromWire(w: WireRegisterRequest, address: string | undefined): RegisterRequest {
  const resources = resourcesFromWire(w.resources);
  return {
    ...(w.workerId !== undefined ? { workerId: w.workerId } : {}),
    ...(w.workerSecret ? { workerSecret: w.workerSecret } : {}),
    name: w.name,
    ...(w.defaultName ? { defaultName: true } : {}),
    ...(address !== undefined ? { address } : {}),
    maxConcurrentJobs: w.maxConcurrentJobs,
    ...(w.loadFactor !== undefined ? { loadFactor: w.loadFactor } : {}),
    capabilities: w.capabilities,
    labels: w.labels,
    ...(resources ? { resources } : {}),
    ...(w.version ? { version: w.version } : {}),
    ...(w.instance ? { instance: w.instance } : {}),
  };
}

export function registerRequestToWire(r: RegisterRequest, joinToken: string): Partial<WireRegisterRequest> {
  return {
    ...(r.workerId !== undefined ? { workerId: r.workerId } : {}),
    ...(r.workerSecret !== undefined ? { workerSecret: r.workerSecret } : {}),
    name: r.name,
    ...(r.address !== undefined ? { address: r.address } : {}),
    maxConcurrentJobs: r.maxConcurrentJobs,
    ...(r.loadFactor !== undefined ? { loadFactor: r.loadFactor } : {}),
    capabilities: r.capabilities ?? {},
    labels: r.labels ?? {},
    resources: r.resources ?? null,
    version: r.version ?? '',
    instance: r.instance ?? '',
    joinToken,
    defaultName: r.defaultName === true,
  };
}

export function registerReplyToWire(r: RegisterReply): WireRegisterReply {
  return {
    workerId: r.workerId,
    workerSecret: r.workerSecret ?? '',
    epoch: r.epoch,
    sessionToken: r.sessionToken,
    reRegistered: r.reRegistered,
    idReassigned: r.idReassigned,
    registeredAt: r.registeredAt,
    heartbeatIntervalMs: r.heartbeatIntervalMs,
  };
}

export function registerReplyFromWire(w: WireRegisterReply): RegisterReply {
  return {
    workerId: w.workerId,
    ...(w.workerSecret ? { workerSecret: w.workerSecret } : {}),
    epoch: w.epoch,
    sessionToken: w.sessionToken,
    reRegistered: w.reRegistered,
    idReassigned: w.idReassigned,
    registeredAt: w.registeredAt,
    heartbeatIntervalMs: w.heartbeatIntervalMs,
  };
}

export function heartbeatRequestFromWire(w: WireHeartbeatRequest): HeartbeatRequest {
  const request: HeartbeatRequest = {
    workerId: w.workerId,
    epoch: w.epoch,
    sessionToken: w.sessionToken,
    currentJobs: w.currentJobs,
    ...(w.activeJobs ? { activeJobIds: w.activeJobs.ids } : {}),
    draining: w.status === 'DRAINING',
    cpuPercent: w.cpuPercent,
    memoryUsedMb: w.memoryUsedMb,
    memoryTotalMb: w.memoryTotalMb,
    errorCount: w.errorCount,
    message: w.message,
  };
  const breakerState = BREAKER_FROM_WIRE[w.breakerState];
  if (breakerState) request.breakerState = breakerState;
  return request;
}

/** `maxConcurrentJobs`, when the worker knows it, fills in status and available capacity. */
export function heartbeatRequestToWire(r: HeartbeatRequest, maxConcurrentJobs?: number): Partial<WireHeartbeatRequest> {
  const full = maxConcurrentJobs !== undefined && r.currentJobs >= maxConcurrentJobs;
  return {
    workerId: r.workerId,
    epoch: r.epoch,
    sessionToken: r.sessionToken,
    status: r.draining ? 'DRAINING' : full ? 'BUSY' : 'IDLE',
    currentJobs: r.currentJobs,
    availableCapacity: maxConcurrentJobs !== undefined ? Math.max(0, maxConcurrentJobs - r.currentJobs) : 0,
    cpuPercent: r.cpuPercent ?? 0,
    memoryUsedMb: r.memoryUsedMb ?? 0,
    memoryTotalMb: r.memoryTotalMb ?? 0,
    activeJobs: r.activeJobIds ? { ids: r.activeJobIds } : null,
    errorCount: r.errorCount ?? 0,
    message: r.message ?? '',
    breakerState: r.breakerState ? BREAKER_TO_WIRE[r.breakerState] : 'BREAKER_STATE_UNSPECIFIED',
  };
}

export function heartbeatAckToWire(r: HeartbeatReply): WireHeartbeatAck {
  return { instruction: INSTRUCTION_TO_WIRE[r.instruction], heartbeatIntervalMs: r.heartbeatIntervalMs, error: null };
}

export function heartbeatReplyFromWire(w: WireHeartbeatAck): HeartbeatReply {
  const instruction: Instruction = w.instruction === 'RE_REGISTER' ? 'reRegister' : w.instruction === 'DRAIN' ? 'drain' : 'none';
  return { instruction, heartbeatIntervalMs: w.heartbeatIntervalMs };
}

export function deregisterFromWire(w: WireDeregisterRequest): DeregisterRequest {
  return { workerId: w.workerId, epoch: w.epoch, sessionToken: w.sessionToken, force: w.force, reason: w.reason };
}

export function deregisterToWire(r: DeregisterRequest): WireDeregisterRequest {
  return { workerId: r.workerId, epoch: r.epoch, sessionToken: r.sessionToken, force: r.force ?? false, reason: r.reason ?? '' };
}

export function workerToWire(m: MemberView): WireWorker {
  return {
    id: m.id,
    name: m.name,
    address: m.address,
    state: STATE_TO_WIRE[m.state],
    substate: m.substate ? SUBSTATE_TO_WIRE[m.substate] : 'SUBSTATE_NONE',
    epoch: m.epoch,
    registeredAt: m.registeredAt,
    lastHeartbeatAt: m.lastHeartbeatAt,
    maxConcurrentJobs: m.maxConcurrentJobs,
    currentJobs: m.currentJobs,
    loadFactor: m.loadFactor,
    capabilities: m.capabilities,
    labels: m.labels,
    resources: m.resources,
  };
}

export function healthToWire(h: MemberHealth): WireWorkerHealth {
  return {
    healthy: h.healthy,
    heartbeatAgeMs: h.heartbeatAgeMs,
    consecutiveFailedChecks: h.consecutiveFailedChecks,
    schedulable: h.schedulable,
  };
}

export function statsToWire(s: Stats): WireStatsReply {
  return {
    total: s.total,
    byState: s.byState,
    bySubstate: s.bySubstate,
    capacityTotal: s.capacity.total,
    capacityUsed: s.capacity.used,
    capacityAvailable: s.capacity.available,
    healthPercent: s.healthPercent,
    massFailureHeld: s.massFailureHeld,
    heartbeatsPerSecond: s.heartbeatsPerSecond,
  };
}

export function taskToWire(t: Task): WireTask {
  return { jobId: t.jobId, attempt: t.attempt, epoch: t.epoch, kind: t.kind, payload: t.payload, timeoutMs: t.timeoutMs };
}

export function taskFromWire(w: WireTask): Task {
  return { jobId: w.jobId, attempt: w.attempt, epoch: w.epoch, kind: w.kind, payload: w.payload, timeoutMs: w.timeoutMs };
}

export function taskReportFromWire(w: WireTaskReport): TaskReport {
  return {
    workerId: w.workerId, epoch: w.epoch, sessionToken: w.sessionToken, jobId: w.jobId, attempt: w.attempt, ok: w.ok, result: w.result,
  };
}

export function taskReportToWire(r: TaskReport): WireTaskReport {
  return {
    workerId: r.workerId, epoch: r.epoch, sessionToken: r.sessionToken, jobId: r.jobId, attempt: r.attempt, ok: r.ok, result: r.result ?? '',
  };
}

export function jobSpecFromWire(w: WireSubmitJobRequest): JobSpec {
  return {
    ...(w.jobId !== undefined ? { jobId: w.jobId } : {}),
    kind: w.kind,
    payload: w.payload,
    requires: w.requires,
    ...(w.timeoutMs > 0 ? { timeoutMs: w.timeoutMs } : {}),
  };
}

export function jobToWire(j: Job): WireJob {
  return {
    id: j.id,
    kind: j.kind,
    payload: j.payload,
    requires: j.requires,
    timeoutMs: j.timeoutMs,
    state: JOB_STATE_TO_WIRE[j.state],
    attempt: j.attempt,
    workerId: j.memberId ?? '',
    epoch: j.epoch,
    submittedAt: j.submittedAt,
    assignedAt: j.assignedAt,
    finishedAt: j.finishedAt,
    result: j.result,
  };
}

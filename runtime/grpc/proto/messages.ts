// The messages of rollcall.proto and rollcall_views.proto as load-proto.ts hands them over, with
// its LOADER_OPTIONS (camelCase fields, int64 as number, enums as their names, defaults filled in,
// `optional` fields absent when unset, message fields null when unset). Written by hand: keep
// in step with the .proto. Mapping to and from the core's types lives in ../wire-map.ts only.

export interface WireFieldViolation {
  field: string;
  description: string;
}

export interface WireError {
  code: number;
  message: string;
  reason: string;
  fieldViolations: WireFieldViolation[];
  retryAfterMs: number;
}

export interface WireResources {
  cpuCores?: number;
  memoryMb?: number;
  diskMb?: number;
}

export interface WireRegisterRequest {
  workerId?: string;
  workerSecret?: string;
  name: string;
  address?: string;
  agentPort?: number;
  maxConcurrentJobs: number;
  loadFactor?: number;
  capabilities: Record<string, string>;
  labels: Record<string, string>;
  resources: WireResources | null;
  version: string;
  instance: string;
  joinToken: string;
  defaultName: boolean;
}

export interface WireRegisterReply {
  workerId: string;
  workerSecret: string;
  epoch: number;
  sessionToken: string;
  reRegistered: boolean;
  idReassigned: boolean;
  registeredAt: number;
  heartbeatIntervalMs: number;
}

export interface WireRegisterBatchRequest {
  requests: WireRegisterRequest[];
}

export type WireRegisterResult =
  | { result: 'reply'; reply: WireRegisterReply; error?: null }
  | { result: 'error'; error: WireError; reply?: null };

export interface WireRegisterBatchReply {
  results: WireRegisterResult[];
}

export type WireHeartbeatStatus = 'STATUS_UNSPECIFIED' | 'IDLE' | 'BUSY' | 'DRAINING';
export type WireBreakerState = 'BREAKER_STATE_UNSPECIFIED' | 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface WireHeartbeatRequest {
  workerId: string;
  epoch: number;
  sessionToken: string;
  status: WireHeartbeatStatus;
  currentJobs: number;
  availableCapacity: number;
  cpuPercent: number;
  memoryUsedMb: number;
  memoryTotalMb: number;
  activeJobs: { ids: string[] } | null;
  errorCount: number;
  message: string;
  breakerState: WireBreakerState;
}

export type WireInstruction = 'NONE' | 'RE_REGISTER' | 'DRAIN';

export interface WireHeartbeatAck {
  instruction: WireInstruction;
  heartbeatIntervalMs: number;
  error: WireError | null;
}

export interface WireDeregisterRequest {
  workerId: string;
  epoch: number;
  sessionToken: string;
  force: boolean;
  reason: string;
}

export interface WireDeregisterReply {
  requeued: number;
}

export type WireWorkerState = 'STATE_UNSPECIFIED' | 'REGISTERED' | 'ACTIVE' | 'UNHEALTHY' | 'FAILED' | 'INACTIVE';
export type WireWorkerSubstate = 'SUBSTATE_NONE' | 'IDLE' | 'BUSY' | 'DRAINING';

export interface WireWorker {
  id: string;
  name: string;
  address: string;
  state: WireWorkerState;
  substate: WireWorkerSubstate;
  epoch: number;
  registeredAt: number;
  lastHeartbeatAt: number;
  maxConcurrentJobs: number;
  currentJobs: number;
  loadFactor: number;
  capabilities: Record<string, string>;
  labels: Record<string, string>;
  resources: WireResources | null;
}

export interface WireWorkerHealth {
  healthy: boolean;
  heartbeatAgeMs: number;
  consecutiveFailedChecks: number;
  schedulable: boolean;
}

export interface WireListWorkersRequest {
  state: WireWorkerState;
}

export interface WireListWorkersReply {
  workers: WireWorker[];
  count: number;
}

export interface WireWorkerIdRequest {
  workerId: string;
}

export interface WireGetWorkerReply {
  worker: WireWorker | null;
  health: WireWorkerHealth | null;
}

export interface WireStatsReply {
  total: number;
  byState: Record<string, number>;
  bySubstate: Record<string, number>;
  capacityTotal: number;
  capacityUsed: number;
  capacityAvailable: number;
  healthPercent: number;
  massFailureHeld: boolean;
  heartbeatsPerSecond: number;
}

export interface WireTasksRequest {
  workerId: string;
  epoch: number;
  sessionToken: string;
}

export interface WireTask {
  jobId: string;
  attempt: number;
  epoch: number;
  kind: string;
  payload: string;
  timeoutMs: number;
}

export interface WireTaskReport {
  workerId: string;
  epoch: number;
  sessionToken: string;
  jobId: string;
  attempt: number;
  ok: boolean;
  result: string;
}

export interface WireSubmitJobRequest {
  jobId?: string;
  kind: string;
  payload: string;
  requires: Record<string, string>;
  timeoutMs: number;
}

export interface WireSubmitJobReply {
  jobId: string;
  created: boolean;
}

export interface WireGetJobRequest {
  jobId: string;
}

export type WireJobState = 'STATE_UNSPECIFIED' | 'QUEUED' | 'ASSIGNED' | 'SUCCEEDED' | 'FAILED';

export interface WireJob {
  id: string;
  kind: string;
  payload: string;
  requires: Record<string, string>;
  timeoutMs: number;
  state: WireJobState;
  attempt: number;
  workerId: string;
  epoch: number;
  submittedAt: number;
  assignedAt: number;
  finishedAt: number;
  result: string;
}

export interface WirePreRegisterRequest {
  name: string;
  address: string;
  workerId?: string;
}

export interface WirePreRegisterReply {
  workerId: string;
  created: boolean;
}

export interface WireRequeuedReply {
  requeued: number;
}

export interface WireHealthCheckReply {
  checked: number;
  failed: number;
}

export interface WireCleanupReply {
  cleaned: number;
  removed: number;
}

export interface WireReconnectReply {
  dialed: number;
}

export interface WireAttachRequest {
  registryEndpoint: string;
  workerId: string;
  joinToken: string;
}

export interface WireAttachReply {
  accepted: boolean;
}

export interface WirePingReply {
  workerId: string;
  state: string;
}

export type WireEmpty = Record<string, never>;

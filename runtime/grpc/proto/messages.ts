// The messages of rollcall.proto as load-proto.ts hands them over, with its LOADER_OPTIONS
// (camelCase fields, int64 as number, enums as their names, defaults filled in, `optional`
// fields absent when unset, message fields null when unset); those of rollcall_views.proto
// (workers, jobs and the operators' replies) are in view-messages.ts. Written by hand: keep in
// step with the .proto. Mapping to and from the core's types lives in ../wire-map.ts only.
import type { WireResources } from './view-messages.ts';

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

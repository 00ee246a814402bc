// The messages of rollcall_views.proto (what the registry shows of workers and jobs, and the
// operators' requests and replies) as load-proto.ts hands them over; see messages.ts for the
// loader's conventions. Written by hand: keep in step with the .proto.

export interface WireResources {
  cpuCores?: number;
  memoryMb?: number;
  diskMb?: number;
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

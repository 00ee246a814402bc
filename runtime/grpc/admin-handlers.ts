// Queries and operator calls of the Registry service: list, get and stats; jobs; and the admin
// calls (pre-register, unregister, drain, and the manual health-check, cleanup and reconnect).
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { listMembers, memberHealth, stats, viewOf } from '../../machines/registry/queries.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { WireEmpty } from './proto/messages.ts';
import type {
  WireCleanupReply, WireGetJobRequest, WireGetWorkerReply, WireHealthCheckReply, WireJob, WireListWorkersReply, WireListWorkersRequest,
  WirePreRegisterReply, WirePreRegisterRequest, WireReconnectReply, WireRequeuedReply, WireStatsReply, WireSubmitJobReply,
  WireSubmitJobRequest, WireWorkerIdRequest,
} from './proto/view-messages.ts';
import { answerOf, invalid, onCore, refuse, unary } from './rpc-handlers.ts';
import type { TaskStreams } from './task-streams.ts';
import { checkJobIdRequest, checkSubmitJob, checkWorkerIdRequest } from './wire-input.ts';
import { healthToWire, jobSpecFromWire, jobToWire, memberStateFromWire, statsToWire, workerToWire } from './wire-map.ts';

type Fields = Record<string, unknown>;

function notFound(message: string) {
  return refuse({ code: 'NOT_FOUND', message, reason: 'not_found' });
}

export function queryHandlers(host: RegistryHost): UntypedServiceImplementation {
  return {
    ListWorkers: unary(host, (w: WireListWorkersRequest) =>
      onCore(host, (core): { reply: WireListWorkersReply } => {
        const workers = listMembers(core, memberStateFromWire(w.state)).map(workerToWire);
        return { reply: { workers, count: workers.length } };
      }),
    ),
    GetWorker: unary(host, (w: WireWorkerIdRequest) =>
      invalid('request', checkWorkerIdRequest(w as unknown as Fields)) ??
      onCore(host, (core, now) => {
        const member = core.member(w.workerId);
        const health = memberHealth(core, w.workerId, now);
        if (!member || !health) return notFound(`worker ${w.workerId} does not exist`);
        return { reply: { worker: workerToWire(viewOf(member)), health: healthToWire(health) } satisfies WireGetWorkerReply };
      }),
    ),
    Stats: unary(host, (_: WireEmpty) => onCore(host, (core) => ({ reply: statsToWire(stats(core)) satisfies WireStatsReply }))),
    SubmitJob: unary(host, (w: WireSubmitJobRequest) =>
      invalid('job', checkSubmitJob(w as unknown as Fields)) ??
      onCore(host, (core, now) => answerOf(core.run({ kind: 'submitJob', spec: jobSpecFromWire(w) }, now), (r): WireSubmitJobReply => ({ jobId: r.jobId, created: r.created }))),
    ),
    GetJob: unary(host, (w: WireGetJobRequest) =>
      invalid('request', checkJobIdRequest(w as unknown as Fields)) ??
      onCore(host, (core) => {
        const job = core.job(w.jobId);
        return job ? { reply: jobToWire(job) satisfies WireJob } : notFound(`job ${w.jobId} does not exist`);
      }),
    ),
  };
}

export function adminHandlers(host: RegistryHost, streams: TaskStreams): UntypedServiceImplementation {
  return {
    PreRegister: unary(host, (w: WirePreRegisterRequest) =>
      onCore(host, (core, now) =>
        answerOf(
          core.run({ kind: 'preRegister', request: { name: w.name, address: w.address, ...(w.workerId !== undefined ? { workerId: w.workerId } : {}) } }, now),
          (r): WirePreRegisterReply => ({ workerId: r.workerId, created: r.created }),
        ),
      ),
    ),
    Unregister: unary(host, (w: WireWorkerIdRequest) =>
      invalid('request', checkWorkerIdRequest(w as unknown as Fields)) ??
      onCore(host, (core, now) => {
        const answer = answerOf(core.run({ kind: 'unregister', workerId: w.workerId }, now), (r): WireRequeuedReply => ({ requeued: r.requeued }));
        if ('reply' in answer) streams.end(w.workerId, { code: 'NOT_FOUND', message: `worker ${w.workerId} was unregistered` });
        return answer;
      }),
    ),
    Drain: unary(host, (w: WireWorkerIdRequest) =>
      invalid('request', checkWorkerIdRequest(w as unknown as Fields)) ??
      onCore(host, (core, now) => answerOf(core.run({ kind: 'drain', workerId: w.workerId }, now), (): WireEmpty => ({}))),
    ),
    TriggerHealthCheck: unary(host, (_: WireEmpty) =>
      onCore(host, (core, now) => ({ reply: core.run({ kind: 'checkHealth' }, now) satisfies WireHealthCheckReply })),
    ),
    TriggerCleanup: unary(host, (_: WireEmpty) => onCore(host, (core, now) => ({ reply: core.run({ kind: 'cleanup' }, now) satisfies WireCleanupReply }))),
    TriggerReconnect: unary(host, (_: WireEmpty) => {
      if (!host.up) return refuse({ code: 'UNAVAILABLE', message: host.downReason });
      return { reply: { dialed: host.reconnectNow() } satisfies WireReconnectReply };
    }),
  };
}

// Why a worker stopped on its own: the registry refused it for good (a missing or wrong join
// token, an invalid registration, or another process holding its ID and secret superseded its
// session). Retrying would not help, so the worker stops and its handle emits this as 'error'.

export class WorkerRefusedError extends Error {
  override name = 'WorkerRefusedError';
  /** The gRPC status of the refusal: UNAUTHENTICATED, INVALID_ARGUMENT, FAILED_PRECONDITION (superseded), … */
  readonly code: string;
  /** The registry's words, without the code. */
  readonly reason: string;
  readonly workerId: string | null;

  constructor(code: string, reason: string, workerId: string | null) {
    super(`${code}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.workerId = workerId;
  }
}

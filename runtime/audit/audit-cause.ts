// Which request the registry is serving, for the audit log: the API layer runs each call inside
// `withCause`, so that the state changes the call brings about (written by the host's event sink,
// synchronously or after the store's write) are attributed to its API and source address. Work
// the registry does on its own (sweeps, timers) runs outside any cause.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuditCause {
  api: 'grpc' | 'rest';
  /** The peer's IP address as the API saw it. */
  source: string;
}

const causes = new AsyncLocalStorage<AuditCause>();

export function withCause<T>(cause: AuditCause, run: () => T): T {
  return causes.run(cause, run);
}

export function currentCause(): AuditCause | undefined {
  return causes.getStore();
}

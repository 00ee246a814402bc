// Where a simulated worker's RPCs land: the one registry, or one of the replicas it lists, and
// which of them a worker calls now. As the production connection does (movesOn), a worker
// moves on to the next endpoint after a refusal, or a timeout when there are several.
import type { Outcome } from '../../machines/registry/registry.types.ts';
import type { RpcCode } from '../../machines/rpc-code.ts';
import type { EventLog } from '../events/event-log.ts';
import { movesOn } from '../grpc/registry-connection.ts';
import type { CoreAccess } from '../registry/core-turn.ts';

/** Where a simulated worker's RPCs land: the one registry, or the replica at an endpoint. */
export interface SimEndpoints {
  /** How many endpoints the workers list (`--registry a,b,c`). */
  readonly count: number;
  serve<R>(endpoint: number, handle: (core: CoreAccess, now: number) => Outcome<R>, respond: (reply: Outcome<R>) => void, drop: () => void, refuse: () => void): void;
}

/** The endpoint one worker calls; it survives the worker's crashes, as its configuration does. */
export class EndpointChoice {
  #current = 0;
  readonly #node: string;
  readonly #endpoints: SimEndpoints;
  readonly #log: EventLog;
  readonly #now: () => number;

  constructor(node: string, endpoints: SimEndpoints, log: EventLog, now: () => number) {
    this.#node = node;
    this.#endpoints = endpoints;
    this.#log = log;
    this.#now = now;
  }

  get current(): number {
    return this.#current;
  }

  /** A call to `endpoint` failed with `code`: the worker moves on, unless a failed call before it already did. */
  failed(endpoint: number, code: RpcCode): void {
    const count = this.#endpoints.count;
    if (count <= 1 || !movesOn(code, count) || this.#current !== endpoint) return;
    this.#current = (endpoint + 1) % count;
    this.#log.write(this.#now(), 'worker.failover', { node: this.#node, from: endpoint, to: this.#current });
  }
}

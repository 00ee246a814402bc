// The dashboard's cluster summary as JSON text (GET /api/dashboard/summary and the live
// stream), on any replica: the leader's from its core, a standby's from the database as read at
// most a moment ago (runtime/cluster/standby-reads.ts). With replicas it says who leads and who
// served it, and how old a standby's figures are (`served`; docs/scale-out.md, "Reads on any replica").
import { stats } from '../../machines/registry/queries.ts';
import type { RegistryReads } from '../../machines/registry/registry.ts';
import type { RouteContext } from '../http/route-context.ts';
import type { StandbyPort } from '../http/standby-port.ts';

/** Who leads, and who served this summary: absent on a registry that is not a replica. */
export interface ServedBy {
  role: 'leader' | 'standby';
  replica: string;
  /** The lease holder, as far as this replica knows; null while nobody leads. */
  leader: { replica: string; epoch: number; rest: string | null } | null;
  /** How old the figures are: 0 on the leader, the age of the database read on a standby. */
  dataAgeMs: number;
}

export class SummarySource {
  readonly #ctx: RouteContext;
  #last: string | null = null;
  #refreshing: Promise<string> | null = null;

  constructor(ctx: RouteContext) {
    this.#ctx = ctx;
  }

  /** The summary now: the leader's at once; a standby's last one, while a newer one is read. */
  latest(): string {
    const { host } = this.#ctx;
    if (host.up) return this.#leading();
    if (!this.#ctx.standby()) return this.#down();
    this.#refreshing ??= this.fresh().finally(() => (this.#refreshing = null));
    return this.#last ?? this.#down();
  }

  /** The summary as fresh as the standby's cache allows. */
  async fresh(): Promise<string> {
    const { host } = this.#ctx;
    const standby = this.#ctx.standby();
    if (host.up || !standby) return this.latest();
    try {
      const [view, leader] = await Promise.all([standby.view(), standby.leader()]);
      const live = leader?.live ? { replica: leader.holder.split('/')[0]!, epoch: leader.epoch, rest: leader.http || null } : null;
      const served: ServedBy = { role: 'standby', replica: standby.replica, leader: live, dataAgeMs: Date.now() - view.readAt };
      this.#last = this.#json(view.core, 0, served);
    } catch (error) {
      this.#last = JSON.stringify({ up: false, reason: `${host.downReason}; it cannot read the database (${(error as Error).message})` });
    }
    return this.#last;
  }

  #leading(): string {
    const { host, heartbeatRate } = this.#ctx;
    const core = host.core;
    const leadership = host.leadership;
    const standby: StandbyPort | null = this.#ctx.standby();
    const served: ServedBy | undefined =
      standby && leadership ? { role: 'leader', replica: standby.replica, leader: { replica: leadership.replica, epoch: leadership.epoch, rest: null }, dataAgeMs: 0 } : undefined;
    return this.#json(core, heartbeatRate.sample(core.heartbeatCount, Date.now()), served);
  }

  #json(core: RegistryReads, heartbeatsPerSecond: number, served: ServedBy | undefined): string {
    return JSON.stringify({ up: true, ...stats(core, heartbeatsPerSecond), jobs: core.jobCounts(), ...(served ? { served } : {}) });
  }

  #down(): string {
    return JSON.stringify({ up: false, reason: this.#ctx.host.downReason });
  }
}

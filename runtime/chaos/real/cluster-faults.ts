// Real mode's faults on a replicated registry: replicas killed, restarted, stopped and resumed,
// and the database stalled, stopped, slowed or cut from one replica (toxics on the replicas'
// database links), each logged as the simulator logs it.
import type { FaultProxy } from '../../proxy/fault-proxy.ts';
import type { LogFields } from '../../events/log-entry.ts';
import { ms } from '../duration.ts';
import type { ActionContext } from './action-context.ts';

export class ClusterFaults {
  readonly #ctx: ActionContext;

  constructor(ctx: ActionContext) {
    this.#ctx = ctx;
  }

  /** Logs what happens to the registry when replica `name` is acted on: a leader's registry stops serving. */
  async #leaderFault(name: string, type: string, registryEvent: string | null): Promise<void> {
    const replica = this.#ctx.cluster.replica(name);
    this.#ctx.note(`${type.replace('fault.replica.', '')} replica ${name}`);
    this.#ctx.log.write(type, { replica: name });
    if (registryEvent && (await replica.health())?.registryUp) this.#ctx.log.write(registryEvent, { replica: name });
  }

  async crashReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.crash', 'registry.crashed');
    await this.#ctx.cluster.replica(name).kill();
  }

  async restartReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.restart', 'registry.crashed');
    await this.#ctx.cluster.replica(name).kill();
    await this.#ctx.cluster.replica(name).start();
  }

  async pauseReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.pause', 'registry.paused');
    this.#ctx.cluster.replica(name).pause();
  }

  async resumeReplica(name: string): Promise<void> {
    const replica = this.#ctx.cluster.replica(name);
    this.#ctx.note(`resume replica ${name}`);
    this.#ctx.log.write('fault.replica.resume', { replica: name });
    replica.resume();
    if ((await replica.health())?.registryUp) this.#ctx.log.write('registry.resumed', { replica: name });
  }

  async #databaseFault(type: string, links: FaultProxy[], apply: (proxy: FaultProxy) => Promise<void>, fields: LogFields = {}): Promise<void> {
    this.#ctx.note(type.replace('db.', 'database '));
    this.#ctx.log.write(type, fields);
    await Promise.all(links.map(apply));
  }

  stallDatabase(): Promise<void> {
    // The replicas' connections stay open and carry nothing: statements hang until their timeout.
    return this.#databaseFault('db.stalled', this.#ctx.cluster.databaseLinks(), (p) => p.blackhole());
  }

  stopDatabase(): Promise<void> {
    return this.#databaseFault('db.stopped', this.#ctx.cluster.databaseLinks(), (p) => p.partition());
  }

  resumeDatabase(): Promise<void> {
    return this.#databaseFault('db.resumed', this.#ctx.cluster.databaseLinks(), async (p) => {
      await p.clear();
      await p.enable();
    });
  }

  databaseLatency(latency: string | number): Promise<void> {
    const realMs = this.#ctx.real(latency);
    return this.#databaseFault('db.latency', this.#ctx.cluster.databaseLinks(), async (p) => {
      if (realMs === 0) return p.clear();
      await p.latency(realMs, 0, 'upstream');
      await p.latency(realMs, 0, 'downstream');
    }, { ms: ms(latency) });
  }

  cutFromDatabase(name: string): Promise<void> {
    return this.#databaseFault('db.cut', [this.#ctx.cluster.replica(name).dbLink!], (p) => p.blackhole(), { replica: name });
  }

  healDatabase(name: string): Promise<void> {
    return this.#databaseFault('db.healed', [this.#ctx.cluster.replica(name).dbLink!], (p) => p.clear(), { replica: name });
  }
}

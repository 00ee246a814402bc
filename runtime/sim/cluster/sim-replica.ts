// One registry replica in the simulator: a process (runtime/sim/cluster/sim-process.ts) that
// runs the production pieces — the registry host and the replica's election
// (runtime/cluster/replica.ts) — on the modelled database. Workers reach it over the simulated
// network: a leader serves and answers once the change is durable; a standby (or a leader whose
// write failed) refuses with UNAVAILABLE; a dead one refuses the connection; a paused one
// answers nothing until it is resumed.
import { SeededChance } from '../../../machines/random.ts';
import type { RegistryConfig } from '../../../machines/registry/registry.config.ts';
import type { Outcome } from '../../../machines/registry/registry.types.ts';
import type { CoreAccess } from '../../registry/core-turn.ts';
import type { MemberReadout } from '../../../machines/registry/member-table.ts';
import type { Task } from '../../../machines/registry/registry.types.ts';
import type { VirtualClock } from '../../clock/virtual-clock.ts';
import { Replica } from '../../cluster/replica.ts';
import { RegistryHost } from '../../registry/registry-host.ts';
import { NO_STORE } from '../../registry/registry-storage.ts';
import { QueuedStore } from '../../store/queued-store.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { LogFields } from '../../events/log-entry.ts';
import type { SimDatabase } from './sim-database.ts';
import { SimLease } from './sim-lease.ts';
import { SimProcess } from './sim-process.ts';
import { SimTermStore } from './sim-term-store.ts';

export interface SimReplicaPorts {
  clock: VirtualClock;
  db: SimDatabase;
  log: EventLog;
  config: RegistryConfig;
  seed: number;
  leaseTtlMs: number;
  leaseRenewMs: number;
  metaKeys: readonly string[];
  dispatch(member: MemberReadout, task: Task): void;
  dial(member: MemberReadout, done: (ok: boolean) => void, signal: AbortSignal): void;
}

export class SimReplica {
  readonly name: string;
  readonly #ports: SimReplicaPorts;
  #process: SimProcess;
  #host: RegistryHost | null = null;
  #replica: Replica | null = null;
  #incarnation = 0;

  constructor(name: string, ports: SimReplicaPorts) {
    this.name = name;
    this.#ports = ports;
    this.#process = new SimProcess(name, ports.clock);
    this.#process.kill(); // not started yet
  }

  get process(): SimProcess {
    return this.#process;
  }

  /** The registry host while this incarnation runs (up only while it leads). */
  get host(): RegistryHost | null {
    return this.#process.alive ? this.#host : null;
  }

  get leading(): boolean {
    return this.#process.alive && (this.#replica?.leading ?? false);
  }

  get epoch(): number | null {
    return this.leading ? this.#replica!.lease.epoch : null;
  }

  /** Starts a new process incarnation, which joins the election. */
  start(): void {
    if (this.#process.alive) throw new Error(`replica ${this.name} is already running`);
    const { clock, db, log, config, seed, leaseTtlMs } = this.#ports;
    const incarnation = ++this.#incarnation;
    const process = new SimProcess(this.name, clock);
    this.#process = process;
    const write = (t: number, type: string, fields: LogFields = {}) => log.write(t, type, { replica: this.name, ...fields });
    const queryTimeoutMs = Math.max(200, Math.floor(leaseTtlMs / 2));
    const lease = new SimLease(db, process, { holder: `${this.name}/${incarnation}`, ttlMs: leaseTtlMs, grpc: this.name, queryTimeoutMs });
    const sleep = (ms: number) => new Promise<void>((resolve) => process.setTimeout(resolve, ms));
    let replica: Replica | null = null;
    const host = new RegistryHost(config, {
      clock: process,
      get store() {
        return replica?.store ?? NO_STORE;
      },
      events: { write },
      chance: (n) => new SeededChance(seed, 5000 + incarnation * 100 + n),
      dispatch: (member, task) => this.#ports.dispatch(member, task),
      dial: (member, done, signal) => this.#ports.dial(member, (ok) => process.run(() => done(ok)), signal),
    });
    const note = (fields: object) => {
      const { event, ...rest } = fields as { event: string } & LogFields;
      write(clock.now(), event, rest);
    };
    replica = new Replica(
      host,
      {
        clock: process,
        lease,
        leader: () => db.query(process, (now) => db.holderOf(now), queryTimeoutMs),
        openTerm: (options) => QueuedStore.open(new SimTermStore(db, process, lease, queryTimeoutMs), this.#ports.metaKeys, { ...options, sleep }),
        resignations: (nudge) => {
          let unlisten = () => {};
          return {
            start: async () => void (unlisten = db.onResignation(process, nudge)),
            stop: async () => unlisten(),
          };
        },
        log: { info: note, warn: note },
      },
      { id: this.name, leaseRenewMs: this.#ports.leaseRenewMs },
    );
    this.#host = host;
    this.#replica = replica;
    write(clock.now(), 'replica.started', { incarnation });
    process.run(() => void replica.start());
  }

  /** SIGKILL: memory and timers gone; what reached the database stays. */
  kill(): void {
    if (!this.#process.alive) return;
    if (this.#host?.up) this.#host.crash(); // a leader's registry is gone with it (logged as a crash)
    this.#process.kill();
  }

  /** SIGSTOP: a leader's registry stops serving, though it believes it still leads. */
  pause(): void {
    if (!this.#process.alive || this.#process.paused) return;
    if (this.#host?.up) this.#ports.log.write(this.#ports.clock.now(), 'registry.paused', { replica: this.name });
    this.#process.pause();
  }

  /** SIGCONT: it carries on where it stopped, until it finds out what changed meanwhile. */
  resume(): void {
    if (!this.#process.paused) return;
    this.#process.resume();
    if (this.#host?.up) this.#ports.log.write(this.#ports.clock.now(), 'registry.resumed', { replica: this.name });
  }

  /** A worker's request lands here: served and answered once durable, refused, or held. */
  serve<R>(handle: (core: CoreAccess, now: number) => Outcome<R>, respond: (reply: Outcome<R>) => void, drop: () => void, refuse: () => void): void {
    const process = this.#process;
    if (!process.alive) return refuse(); // connection refused
    // Stopped: the request waits in the socket; the caller's deadline runs meanwhile.
    if (process.paused) drop();
    process.run(() => {
      const host = this.#host;
      if (!host?.up) return refuse();
      host.serve(
        handle,
        (reply) => {
          const durable = host.settled();
          if (!durable) return respond(reply);
          durable.then(
            () => process.run(() => respond(reply)),
            () => process.run(refuse),
          );
        },
        drop,
      );
    });
  }
}

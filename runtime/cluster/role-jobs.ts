// What a replica runs in one role only: a standby answers the heartbeats it can vouch for
// (runtime/cluster/standby-beats.ts), a leader takes in what the standbys answered
// (absorb-beats.ts). Starting and stopping them is one change at a time, in order, so a new
// leader's core reads the standby's last flush. When to do which is the replica machine's call
// (machines/replica/replica.machine.ts); this keeps the jobs themselves.
import type { RegistryHost } from '../registry/registry-host.ts';
import type { ReplicaPorts, RoleJob, StandbyJob } from './replica-ports.ts';

export class RoleJobs {
  readonly #host: RegistryHost;
  readonly #ports: ReplicaPorts;
  /** Whether standby heartbeats are still wanted, asked again once they are ready. */
  readonly #wanted: () => boolean;
  #beats: StandbyJob | null = null;
  #absorb: RoleJob | null = null;
  /** Role changes, one at a time. */
  changed: Promise<void> = Promise.resolve();

  constructor(host: RegistryHost, ports: ReplicaPorts, wanted: () => boolean) {
    this.#host = host;
    this.#ports = ports;
    this.#wanted = wanted;
  }

  /** Starts answering standby heartbeats (a standby again, or for the first time). */
  standBy(): undefined {
    const standBy = this.#ports.standBy;
    if (!standBy) return undefined;
    this.changed = this.changed.then(async () => {
      if (!this.#wanted() || this.#beats) return;
      let beats: StandbyJob;
      try {
        beats = await standBy();
      } catch (error) {
        this.#ports.log.warn({ event: 'standby.beats.failed', reason: (error as Error).message }, 'standby heartbeats not started');
        return;
      }
      if (!this.#wanted()) return void (await beats.stop().catch(() => {}));
      this.#beats = beats;
      this.#host.answerStandbyBeats((request) => beats.heartbeat(request));
    });
    return undefined;
  }

  /** Stops answering standby heartbeats, once the changes before it are done; its last flush lands first. */
  async quitStandby(): Promise<void> {
    await this.changed;
    await this.#stopBeats();
  }

  /** Leading: the standbys' heartbeats replayed into the core once it is `built` (true: already), if `still()` leads then. */
  absorbWhenBuilt(built: Promise<boolean> | true, still: () => boolean): void {
    if (built === true) return void (this.#absorb = this.#ports.absorb?.(this.#host) ?? null);
    void built.then((ok) => ok && still() && this.absorbWhenBuilt(true, still));
  }

  stopAbsorbing(): void {
    void this.#absorb?.stop();
    this.#absorb = null;
  }

  /** Leaving: both jobs stopped, after the changes in flight. */
  async stopAll(): Promise<void> {
    await this.changed;
    await this.#stopBeats();
    await this.#absorb?.stop();
    this.#absorb = null;
  }

  async #stopBeats(): Promise<void> {
    const beats = this.#beats;
    if (!beats) return;
    this.#beats = null;
    this.#host.answerStandbyBeats(null);
    await beats.stop().catch(() => {});
  }
}

// An in-memory Store for the simulator and tests. It keeps copies, never the registry's own
// objects, so a simulated registry crash loses its memory but not what it had written.
import { copyOf } from '../../machines/registry/member-copy.ts';
import type { MemberRecord } from '../../machines/registry/member-table.ts';
import type { Job } from '../../machines/registry/registry.types.ts';
import type { RegistrySnapshot } from '../../machines/registry/registry.ts';
import type { HeartbeatTime, Store, StoreWrite } from './store.ts';

export class MemoryStore implements Store {
  readonly #members = new Map<string, MemberRecord>();
  readonly #jobs = new Map<string, Job>();
  readonly #meta = new Map<string, string>();
  writes = 0;

  load(): RegistrySnapshot {
    return {
      members: [...this.#members.values()].map(copyOf),
      jobs: [...this.#jobs.values()].map((j) => structuredClone(j)),
    };
  }

  write(batch: readonly StoreWrite[]): void {
    for (const w of batch) {
      this.writes++;
      if (w.kind === 'member') this.#members.set(w.member.id, copyOf(w.member));
      else if (w.kind === 'member.removed') this.#members.delete(w.memberId);
      else this.#jobs.set(w.job.id, structuredClone(w.job));
    }
  }

  writeHeartbeats(beats: readonly HeartbeatTime[]): void {
    for (const beat of beats) {
      const member = this.#members.get(beat.memberId);
      if (member) member.lastHeartbeatAt = beat.lastHeartbeatAt;
    }
  }

  getMeta(key: string): string | undefined {
    return this.#meta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.#meta.set(key, value);
  }

  close(): void {}
}

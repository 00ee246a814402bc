// Recent state changes per member, for the dashboard's bands and timelines, kept in the
// runtime (the registry core keeps none). Bounded twice: at most `perMember` changes for each
// member, and changes for at most `members` members, the least recently changed forgotten
// first — so a registry of a million members spends memory only on the ones that move.
export interface StateChange {
  at: number;
  from: string;
  to: string;
  reason: string;
}

export class MemberHistory {
  readonly #byMember = new Map<string, StateChange[]>();
  readonly #perMember: number;
  readonly #members: number;
  /** Bumped on every change: the live stream tells pages when to re-read. */
  version = 0;

  constructor(perMember = 32, members = 20_000) {
    this.#perMember = perMember;
    this.#members = members;
  }

  record(id: string, change: StateChange): void {
    const list = this.#byMember.get(id) ?? [];
    this.#byMember.delete(id); // re-inserted last: most recently changed
    list.push(change);
    if (list.length > this.#perMember) list.splice(0, list.length - this.#perMember);
    this.#byMember.set(id, list);
    if (this.#byMember.size > this.#members) this.#byMember.delete(this.#byMember.keys().next().value!);
    this.version++;
  }

  forget(id: string): void {
    if (this.#byMember.delete(id)) this.version++;
  }

  of(id: string): readonly StateChange[] {
    return this.#byMember.get(id) ?? [];
  }

  /** Follows the registry's event stream (the EventSink's `member` and `member.removed` lines). */
  observe(t: number, type: string, fields: Record<string, unknown>): void {
    if (type === 'member') this.record(String(fields.id), { at: t, from: String(fields.from), to: String(fields.to), reason: String(fields.reason ?? '') });
    else if (type === 'member.removed') this.forget(String(fields.id));
    else if (type === 'registry.restarted' || type === 'registry.started' || type === 'job') this.version++;
  }
}

// The registry's members: compact records indexed by ID and agent address. A record keeps only
// the member machine's state value and context; a transition rehydrates it, runs the pure
// machine, and turns the returned actions and state change into effects for the runtime.
import { createActor, type ActorScope, type StateValue } from 'xstate';
import {
  createMemberMachine,
  initialMemberContext,
  type MemberContext,
  type MemberEvent,
  type MemberMachine,
  type MemberStateName,
  type MemberSubstate,
} from '../member.machine.ts';
import type { RegistryConfig } from './registry.config.ts';
import type { Effect, RegisterRequest, Resources } from './registry.types.ts';

/** Whether `event` judged a silent member (the deadline wheel, or a health check that found its heartbeat stale). */
function judgesSilence(event: MemberEvent): boolean {
  return event.type === 'heartbeat.overdue' || event.type === 'unhealthy.expired' || (event.type === 'check.failed' && event.stale === true);
}

export interface MemberRecord {
  id: string;
  name: string;
  /** The name is one the worker made up (no name given): a name given later replaces it, not the reverse. */
  defaultName?: boolean;
  address: string;
  secret: string;
  sessionToken: string;
  value: StateValue;
  ctx: MemberContext;
  registeredAt: number;
  lastHeartbeatAt: number;
  loadFactor: number;
  capabilities: Record<string, string>;
  labels: Record<string, string>;
  resources: Resources;
  /** Jobs the registry has assigned to this member's current session. */
  jobIds: string[];
  /** Reconnect monitor: consecutive failed dial-ins and the earliest next one. */
  dialFailures: number;
  nextDialAt: number;
  /** The process that opened the current session (RegisterRequest.instance), when it said. */
  instance?: string;
  /**
   * The current session replaced a live session of another process (a copied state dir, a
   * zombie): calls of older sessions are told `superseded` rather than to register again.
   */
  takenOver?: boolean;
  /**
   * Registered without a secret of its own and never showed the one it was issued (an agent
   * that knows nothing of secrets, seed 001): a registration without a secret from its address
   * is this member. Unset once the worker shows its secret.
   */
  addressIdentity?: boolean;
  /** Another member registered with this address since: it is no longer found or dialled there. */
  addressTaken?: boolean;
}

/**
 * A member as the core's queries hand it out: the record itself, not a copy (the hot paths read
 * it), typed so that no reader can change it.
 */
export type MemberReadout = Readonly<Omit<MemberRecord, 'jobIds' | 'ctx'>> & { readonly jobIds: readonly string[]; readonly ctx: Readonly<MemberContext> };

/** A member as first created: registered, no session yet, no jobs. */
export function newMemberRecord(id: string, request: RegisterRequest, now: number): MemberRecord {
  return {
    id,
    name: request.name,
    defaultName: request.defaultName === true,
    address: request.address ?? '',
    secret: '',
    sessionToken: '',
    value: 'registered',
    ctx: initialMemberContext(now, request.maxConcurrentJobs),
    registeredAt: now,
    lastHeartbeatAt: 0,
    loadFactor: 1,
    capabilities: {},
    labels: {},
    resources: {},
    jobIds: [],
    dialFailures: 0,
    nextDialAt: now,
  };
}

export type MemberAction = 'requeueJobs' | 'revokeSession' | 'clearAssignments' | 'recovered';

/** The top-level state. `active` is the only compound state, so no allocation is needed. */
export function stateOf(member: MemberReadout): MemberStateName {
  return typeof member.value === 'string' ? (member.value as MemberStateName) : 'active';
}

export function substateOf(member: MemberReadout): MemberSubstate | null {
  return typeof member.value === 'string' ? null : ((member.value as Record<string, string>).active as MemberSubstate);
}

export function describeState(member: MemberReadout): string {
  const sub = substateOf(member);
  return sub ? `active.${sub}` : stateOf(member);
}

/**
 * One actor scope for every member's transitions. xstate's `transition()` builds a whole inert
 * actor (its system and initial snapshot included) per call, which cost more than the
 * transition itself; the member machine spawns, sends and emits nothing, so one scope whose
 * only job is to collect the actions the machine names serves every member.
 */
function collectingScope(machine: MemberMachine, actions: MemberAction[]): ActorScope<any, MemberEvent, any, any> {
  const self = createActor(machine, { input: initialMemberContext(0) });
  const ignore = () => {};
  return {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: ignore,
    defer: ignore,
    stopChild: ignore,
    emit: ignore,
    actionExecutor: (action) => actions.push(action.type as MemberAction),
  };
}

export class MemberTable {
  readonly members = new Map<string, MemberRecord>();
  /** Each claimed agent address and the member holding it (the record, so a lookup is one map read). */
  readonly #byAddress = new Map<string, MemberRecord>();
  readonly machine: MemberMachine;
  readonly #effects: Effect[];
  /** The actions of the transition under way, collected by `#scope`. */
  #actions: MemberAction[] = [];
  readonly #scope: ActorScope<any, MemberEvent, any, any>;

  constructor(config: RegistryConfig, effects: Effect[]) {
    this.machine = createMemberMachine(config);
    this.#effects = effects;
    this.#scope = collectingScope(this.machine, this.#actions);
  }

  get(id: string): MemberRecord | undefined {
    return this.members.get(id);
  }

  byAddress(address: string): MemberRecord | undefined {
    return this.#byAddress.get(address);
  }

  /** Members per top-level state, kept as they change (the mass-failure guard reads it). */
  readonly counts: Record<MemberStateName, number> = { registered: 0, active: 0, unhealthy: 0, failed: 0, inactive: 0 };

  /** Bumped whenever some member's room for jobs may have changed: it was added, removed, or registered. */
  #roomChanges = 0;
  #roomiest = { at: -1, room: 0 };

  /** The most room any member has for jobs (maxConcurrentJobs × loadFactor); measured again only after a change. */
  roomiest(): number {
    if (this.#roomiest.at !== this.#roomChanges) {
      let room = 0;
      for (const m of this.members.values()) room = Math.max(room, m.ctx.maxConcurrentJobs * m.loadFactor);
      this.#roomiest = { at: this.#roomChanges, room };
    }
    return this.#roomiest.room;
  }

  add(member: MemberRecord): void {
    this.#roomChanges++;
    this.members.set(member.id, member);
    this.counts[stateOf(member)]++;
    if (member.address && !member.addressTaken) this.#claim(member);
  }

  /** The member registers with `address`: it holds it from now on (docs/behaviour.md §1; docs/api.md, Identity). */
  setAddress(member: MemberRecord, address: string): void {
    if (member.address === address && (!address || this.#byAddress.get(address) === member)) return;
    if (this.#byAddress.get(member.address) === member) this.#byAddress.delete(member.address);
    member.address = address;
    member.addressTaken = false;
    if (address) this.#claim(member);
  }

  /**
   * One agent address, one holder: the newest claim wins. The previous holder keeps the address
   * it gave (an operator still sees it) but is marked `addressTaken`, so that nobody finds or
   * dials it there: the agent at that address is another member's now.
   */
  #claim(member: MemberRecord): void {
    const holder = this.#byAddress.get(member.address);
    if (holder && holder !== member) {
      holder.addressTaken = true;
      this.#effects.push({ kind: 'member.saved', memberId: holder.id });
    }
    this.#byAddress.set(member.address, member);
  }

  delete(member: MemberRecord): void {
    this.#roomChanges++;
    if (this.members.delete(member.id)) this.counts[stateOf(member)]--;
    if (this.#byAddress.get(member.address) === member) this.#byAddress.delete(member.address);
  }

  /** Announces a member an operator created: it enters `registered` from nowhere. */
  preRegistered(member: MemberRecord): void {
    this.#effects.push({ kind: 'member.transitioned', memberId: member.id, from: 'none', to: 'registered', epoch: 0, reason: 'pre-registered' });
    this.#effects.push({ kind: 'member.saved', memberId: member.id });
  }

  /**
   * Runs one event through the member machine and keeps the state it reaches; returns the state
   * before (for `announce`) and the named actions it asked for, which the caller carries out
   * (core-parts.ts, `settle`).
   */
  step(member: MemberRecord, event: MemberEvent): { before: string; actions: MemberAction[] } {
    const before = describeState(member);
    if (event.type === 'member.registered') this.#roomChanges++;
    const snapshot = this.machine.resolveState({ value: member.value, context: member.ctx });
    this.#actions.length = 0; // nothing left over from a transition that threw
    const next = this.machine.transition(snapshot, event, this.#scope);
    this.counts[stateOf(member)]--;
    member.value = next.value;
    member.ctx = next.context;
    this.counts[stateOf(member)]++;
    return { before, actions: this.#actions.splice(0) };
  }

  /** Queues the effects of a step: the transition, if the state changed or a session began, and the save. */
  announce(member: MemberRecord, before: string, event: MemberEvent, reason: string): void {
    const after = describeState(member);
    if (after !== before || event.type === 'member.registered') {
      this.#effects.push({
        kind: 'member.transitioned',
        memberId: member.id,
        from: before,
        to: after,
        epoch: member.ctx.epoch,
        reason,
        ...(judgesSilence(event) && after !== before ? { silentMs: event.at - member.lastHeartbeatAt } : {}),
        ...(event.type === 'member.registered' ? { capacity: member.ctx.maxConcurrentJobs } : {}),
      });
    }
    this.#effects.push({ kind: 'member.saved', memberId: member.id });
  }
}

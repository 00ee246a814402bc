// A member as a row of the SQLite `members` table (schema version 2, docs/store.md): every field
// that every member has is a column of its own, so a restart reads 1 M members without parsing
// 1 M JSON documents; only the maps and lists (capabilities, labels, resources, the recovery
// times) stay JSON in `body`, NULL when all four are empty, as they are for most members.
import type { MemberStateName } from '../../machines/member.machine.ts';
import { stateOf, substateOf, type MemberReadout, type MemberRecord } from '../../machines/registry/member-table.ts';

/** The columns in the order `memberRow` gives them and `memberFromRow` reads them. */
export const memberColumns = [
  'id', 'state', 'substate', 'last_heartbeat_at', 'name', 'address', 'secret', 'session_token',
  'registered_at', 'load_factor', 'dial_failures', 'next_dial_at',
  'epoch', 'max_concurrent_jobs', 'current_jobs', 'check_failures', 'hold_until', 'since', 'left_gracefully', 'draining',
  'default_name', 'instance', 'taken_over', 'address_identity', 'address_taken', 'body',
] as const;

export type MemberRow = unknown[];

/** Each column's place in a row. */
const at = Object.fromEntries(memberColumns.map((name, i) => [name, i])) as Record<(typeof memberColumns)[number], number>;

/** The fields kept as JSON in `body`. */
interface Rest {
  capabilities?: Record<string, string>;
  labels?: Record<string, string>;
  resources?: MemberRecord['resources'];
  recoveries?: number[];
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

function restOf(member: MemberReadout): string | null {
  const rest: Rest = {};
  if (!isEmpty(member.capabilities)) rest.capabilities = member.capabilities;
  if (!isEmpty(member.labels)) rest.labels = member.labels;
  if (!isEmpty(member.resources)) rest.resources = member.resources;
  if (member.ctx.recoveries.length > 0) rest.recoveries = member.ctx.recoveries;
  return isEmpty(rest) ? null : JSON.stringify(rest);
}

/** SQLite has no booleans: 1 or 0, and NULL for an optional flag the record does not have. */
const flag = (value: boolean): number => (value ? 1 : 0);
const optionalFlag = (value: boolean | undefined): number | null => (value === undefined ? null : flag(value));

/** The values to bind for `memberColumns`. */
export function memberRow(member: MemberReadout): MemberRow {
  const ctx = member.ctx;
  return [
    member.id, stateOf(member), substateOf(member), member.lastHeartbeatAt, member.name, member.address, member.secret, member.sessionToken,
    member.registeredAt, member.loadFactor, member.dialFailures, member.nextDialAt,
    ctx.epoch, ctx.maxConcurrentJobs, ctx.currentJobs, ctx.checkFailures, ctx.holdUntil, ctx.since, flag(ctx.leftGracefully), flag(ctx.draining),
    optionalFlag(member.defaultName), member.instance ?? null, optionalFlag(member.takenOver), optionalFlag(member.addressIdentity),
    optionalFlag(member.addressTaken), restOf(member),
  ];
}

/** Sets the optional fields the row has, leaving out those it does not (as the record had them). */
function addOptional(member: MemberRecord, row: MemberRow): void {
  if (row[at.default_name] !== null) member.defaultName = row[at.default_name] === 1;
  if (row[at.instance] !== null) member.instance = row[at.instance] as string;
  if (row[at.taken_over] !== null) member.takenOver = row[at.taken_over] === 1;
  if (row[at.address_identity] !== null) member.addressIdentity = row[at.address_identity] === 1;
  if (row[at.address_taken] !== null) member.addressTaken = row[at.address_taken] === 1;
}

/** The record a row of `memberColumns` holds; its `jobIds` are empty (the jobs rebuild them). */
export function memberFromRow(row: MemberRow): MemberRecord {
  const rest = row[at.body] === null ? {} : (JSON.parse(row[at.body] as string) as Rest);
  const state = row[at.state] as MemberStateName;
  const member: MemberRecord = {
    id: row[at.id] as string,
    name: row[at.name] as string,
    address: row[at.address] as string,
    secret: row[at.secret] as string,
    sessionToken: row[at.session_token] as string,
    value: row[at.substate] === null ? state : { active: row[at.substate] as string }, // `active` is the only compound state
    ctx: {
      epoch: row[at.epoch] as number,
      maxConcurrentJobs: row[at.max_concurrent_jobs] as number,
      currentJobs: row[at.current_jobs] as number,
      checkFailures: row[at.check_failures] as number,
      recoveries: rest.recoveries ?? [],
      holdUntil: row[at.hold_until] as number,
      since: row[at.since] as number,
      leftGracefully: row[at.left_gracefully] === 1,
      draining: row[at.draining] === 1,
    },
    registeredAt: row[at.registered_at] as number,
    lastHeartbeatAt: row[at.last_heartbeat_at] as number,
    loadFactor: row[at.load_factor] as number,
    capabilities: rest.capabilities ?? {},
    labels: rest.labels ?? {},
    resources: rest.resources ?? {},
    jobIds: [],
    dialFailures: row[at.dial_failures] as number,
    nextDialAt: row[at.next_dial_at] as number,
  };
  addOptional(member, row);
  return member;
}

// A member's sessions: whose they are and whether a call may use one. Every registration opens
// a session with a higher epoch; a call naming an older epoch is told to register again — unless
// the newer, live session was opened by *another process* of the worker (a copied state dir, a
// zombie come back), in which case it is told `superseded`: registering again would only fence
// that process in turn, and the two would take the session from each other forever.
import { fail } from './error-codes.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { RegisterRequest, RegistryError } from './registry.types.ts';
import { sameSecret } from './same-secret.ts';

function live(member: MemberRecord): boolean {
  const state = stateOf(member);
  return state === 'active' || state === 'unhealthy';
}

/** Called as a registration opens a new session: notes which process opened it, and whether it took over another's. */
export function openedBy(member: MemberRecord, request: RegisterRequest): void {
  member.takenOver = live(member) && !!member.instance && !!request.instance && member.instance !== request.instance;
  member.instance = request.instance ?? '';
}

/** Why a call with this epoch and token may not use the member's session, if it may not. */
export function sessionProblem(member: MemberRecord, epoch: number, token: string): RegistryError | undefined {
  const id = member.id;
  if (live(member) && epoch < member.ctx.epoch && member.takenOver) {
    return fail('superseded', `session ${epoch} of ${id} was superseded by session ${member.ctx.epoch}, which another process holding this worker's ID and secret registered; do not register again`);
  }
  if (epoch !== member.ctx.epoch || !live(member)) return fail('failed_precondition', `session ${epoch} of ${id} is no longer valid; register again`);
  if (!sameSecret(token, member.sessionToken)) return fail('unauthenticated', `wrong session token for ${id}`);
  return undefined;
}

/** Checks a session's credentials; returns the member or the error to reply with. */
export function session(table: MemberTable, workerId: string, epoch: number, token: string): MemberRecord | RegistryError {
  const member = table.get(workerId);
  if (!member) return fail('not_found', `worker ${workerId} is not registered; register again`);
  return sessionProblem(member, epoch, token) ?? member;
}

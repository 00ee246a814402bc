// The open `Tasks` streams, one per member: the `dispatch` port of RegistryHost writes each
// assigned task to its member's stream when the session epochs match. A stream that opens
// is first sent every job already assigned to its session (the worker ignores duplicates), so
// an assignment made while no stream was open is not lost.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { taskOf } from '../../machines/registry/job-book.ts';
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { Task } from '../../machines/registry/registry.types.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import type { WireTask, WireTasksRequest } from './proto/messages.ts';
import { answerSafely, invalid, onCore, refuse, type Answer } from './rpc-handlers.ts';
import { failureOfRegistry, statusOf, type WireFailure } from './rpc-status.ts';
import { checkSession } from './wire-input.ts';
import { taskToWire } from './wire-map.ts';

export type TasksCall = ServerWritableStream<WireTasksRequest, WireTask>;

interface OpenStream {
  epoch: number;
  call: TasksCall;
}

interface Opened {
  memberId: string;
  epoch: number;
  replay: Task[];
}

export class TaskStreams {
  readonly #open = new Map<string, OpenStream>();
  /** Tasks written to streams (replays included), for metrics and tests. */
  sent = 0;

  /** Members with an open stream. */
  get size(): number {
    return this.#open.size;
  }

  has(memberId: string): boolean {
    return this.#open.has(memberId);
  }

  /** The `dispatch` port: a task for the member's current session goes to its open stream. */
  dispatch(member: MemberReadout, task: Task): void {
    const open = this.#open.get(member.id);
    if (!open) return; // replayed when the worker opens its stream
    if (open.epoch !== task.epoch) {
      // The stream belongs to an older session: end it so the worker opens one for the new one.
      if (open.epoch < task.epoch) this.#end(member.id, open, { code: 'FAILED_PRECONDITION', message: `session ${open.epoch} of ${member.id} is no longer valid` });
      return;
    }
    this.#write(open.call, task);
  }

  /** Handles a `Tasks` call: checks the session, replaces any older stream, replays assignments. */
  serve(host: RegistryHost, call: TasksCall): void {
    call.on('error', () => {}); // a broken stream just ends; 'close' removes it
    const answer = answerSafely(call.request, (request) => this.#openSession(host, request));
    if ('failure' in answer) {
      call.emit('error', statusOf(answer.failure));
      return;
    }
    const { memberId, epoch, replay } = answer.reply;
    const older = this.#open.get(memberId);
    if (older) this.#end(memberId, older);
    const open = { epoch, call };
    this.#open.set(memberId, open);
    const remove = () => {
      if (this.#open.get(memberId) === open) this.#open.delete(memberId);
    };
    call.on('cancelled', remove);
    call.on('close', remove);
    call.on('finish', remove);
    for (const task of replay) this.#write(call, task);
  }

  /** Ends a member's stream (its worker was unregistered). */
  end(memberId: string, failure?: WireFailure): void {
    const open = this.#open.get(memberId);
    if (open) this.#end(memberId, open, failure);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    for (const [memberId, open] of [...this.#open]) this.#end(memberId, open);
  }

  #openSession(host: RegistryHost, request: WireTasksRequest): Answer<Opened> {
    const bad = invalid('tasks request', checkSession(request as unknown as Record<string, unknown>));
    if (bad) return bad;
    return onCore(host, (core) => {
      const member = core.session(request.workerId, request.epoch, request.sessionToken);
      if ('ok' in member) return refuse(failureOfRegistry(member));
      return { reply: { memberId: member.id, epoch: member.ctx.epoch, replay: assignedTasks(core, member) } };
    });
  }

  #write(call: TasksCall, task: Task): void {
    if (call.cancelled || call.writableEnded || call.destroyed) return;
    this.sent++;
    call.write(taskToWire(task));
  }

  #end(memberId: string, open: OpenStream, failure?: WireFailure): void {
    if (this.#open.get(memberId) === open) this.#open.delete(memberId);
    const { call } = open;
    if (call.cancelled || call.writableEnded || call.destroyed) return;
    if (failure) call.emit('error', statusOf(failure));
    else call.end();
  }
}

/** Every job assigned to the member's current session, in assignment order. */
function assignedTasks(core: CoreAccess, member: MemberReadout): Task[] {
  const tasks: Task[] = [];
  for (const id of member.jobIds) {
    const job = core.job(id);
    if (job && job.state === 'assigned' && job.memberId === member.id && job.epoch === member.ctx.epoch) tasks.push(taskOf(job));
  }
  return tasks;
}

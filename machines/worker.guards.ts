// The worker machine's guards (worker.machine.ts): pure questions about its context and the
// event in hand, named in its transitions.
import { failedRetriably, failedSuperseded, failedWithReRegister, jobIdOf } from './worker.events.ts';
import type { WorkerContext, WorkerEvent } from './worker.types.ts';

interface GuardArgs {
  context: WorkerContext;
  event: WorkerEvent;
}

export const workerGuards = {
  registryKnown: ({ context }: GuardArgs) => context.registryKnown,
  sameRegistry: ({ event }: GuardArgs) => event.type === 'worker.attached' && event.sameRegistry,
  breakerOpen: ({ context }: GuardArgs) => context.breakerState === 'open',
  retriable: ({ event }: GuardArgs) => failedRetriably(event),
  meansReRegister: ({ event }: GuardArgs) => failedWithReRegister(event),
  superseded: ({ event }: GuardArgs) => failedSuperseded(event),
  registrationExhausted: ({ context }: GuardArgs) =>
    context.config.exitOnRegistrationFailure && context.attempt + 1 >= context.config.maxAttempts,
  deregistrationExhausted: ({ context }: GuardArgs) => context.attempt + 1 >= context.config.deregisterAttempts,
  knownJob: ({ context, event }: GuardArgs) => context.runningJobs.includes(jobIdOf(event) ?? ''),
  hasRoom: ({ context }: GuardArgs) => context.runningJobs.length < context.maxConcurrentJobs,
  noRunningJobs: ({ context }: GuardArgs) => context.runningJobs.length === 0,
  toldReRegister: ({ event }: GuardArgs) => event.type === 'heartbeat.acked' && event.instruction === 'reRegister',
  toldDrain: ({ event }: GuardArgs) => event.type === 'heartbeat.acked' && event.instruction === 'drain',
  breakerClosed: ({ event }: GuardArgs) => event.type === 'breaker.changed' && event.state === 'closed',
};

// Transitions the worker machine takes in more than one state (worker.machine.ts), by guard and
// action name: the names are resolved by the machine's setup.

/** In active and reconnecting: a new job runs if there is room; a duplicate is ignored. */
export const acceptTask = [
  { guard: 'knownJob' },
  { guard: 'hasRoom', actions: ['addJob', 'startTask'] },
  { actions: 'rejectTask' },
] as const;

/** A heartbeat ack may tell the worker to register again or to drain. */
export const followInstruction = [
  { guard: 'toldReRegister', target: '#worker.registering', actions: ['adoptInterval', 'recordSuccess'] },
  { guard: 'toldDrain', target: '#worker.draining', actions: ['adoptInterval', 'recordSuccess'] },
] as const;

/**
 * Another process holding this worker's ID and secret opened a newer session: registering again
 * would fence it in turn, and the two would take the session from each other forever. Stop.
 */
export const supersededStops = { guard: 'superseded', target: '#worker.stopped', actions: ['storeError', 'reportFatal'] } as const;

// How a real-mode run starts a worker: the built-in `rollcall worker` with flags, or the user's
// own worker command (`--worker-command`, a process that embeds `startWorker`) with the same
// facts in environment variables (docs/chaos.md, "Your own worker"). Either way it reaches the
// registry through its own fault proxies, keeps its identity in its own state dir, and runs
// with the run's scaled settings.
import { CHAOS_ENV_PREFIX } from '../../config/load-config.ts';
import { freePort } from '../../net/free-port.ts';
import type { ShellCommand } from './child-process.ts';
import type { RealSettings } from './time-scale.ts';
import type { WorkerSpec } from '../scenario.ts';

/** What the launch needs to know of one worker. */
export interface WorkerPlace {
  spec: WorkerSpec;
  /** The ID it asks for. */
  id: string;
  /** Its links to the registry (one per replica), as `host:port`. */
  endpoints: string[];
  /** Attach-only workers: the agent port the dial-in proxy points at. */
  agentPort: number;
  stateDir: string;
}

export type WorkerLaunch =
  /** `rollcall worker ARGS`. */
  | { kind: 'built-in'; args: string[] }
  /** The user's command, run from the caller's directory (so relative paths in it work); readiness is also its health port answering. */
  | { kind: 'command'; command: ShellCommand; cwd: string; httpPort: number };

const chaosEnv = (name: string) => `${CHAOS_ENV_PREFIX}${name}`;

/** The variables a user's worker command is given (names documented in docs/chaos.md). */
export function workerEnv(place: WorkerPlace, settings: RealSettings, joinToken: string, httpPort: number): Record<string, string> {
  const attachOnly = place.spec.attachOnly === true;
  return {
    ...settings.workerEnv,
    ROLLCALL_JOIN_TOKEN: joinToken,
    ...(attachOnly ? {} : { [chaosEnv('REGISTRY')]: place.endpoints.join(',') }),
    ...(attachOnly || place.endpoints.length === 1 ? { [chaosEnv('REGISTRY_VIA')]: place.endpoints[0]! } : {}),
    [chaosEnv('WORKER_NAME')]: place.spec.name,
    [chaosEnv('WORKER_ID')]: place.id,
    [chaosEnv('STATE_DIR')]: place.stateDir,
    [chaosEnv('AGENT_PORT')]: String(place.agentPort),
    [chaosEnv('HTTP_PORT')]: String(httpPort),
    [chaosEnv('CAPACITY')]: String(place.spec.capacity ?? 4),
  };
}

/** `rollcall worker …`, or `command` with its environment. */
export async function workerLaunch(place: WorkerPlace, settings: RealSettings, token: { value: string; file: string }, command?: string): Promise<WorkerLaunch> {
  if (command !== undefined) {
    const httpPort = await freePort();
    return { kind: 'command', command: { command, env: workerEnv(place, settings, token.value, httpPort) }, cwd: process.cwd(), httpPort };
  }
  // An attach-only worker learns the registry from the dial-in, and reaches it through its link all the same;
  // so does a worker of a single registry that is dialled in (it knows it is the registry it already talks to).
  const via = ['--registry-via', place.endpoints[0]!];
  const where = place.spec.attachOnly
    ? ['--agent-port', String(place.agentPort), ...via]
    : ['--registry', place.endpoints.join(','), ...(place.endpoints.length === 1 ? via : [])];
  const identity = ['--name', place.spec.name, '--id', place.id, '--state-dir', place.stateDir, '--join-token-file', token.file];
  return { kind: 'built-in', args: [...where, ...identity, '--http-port', '0', '--capacity', String(place.spec.capacity ?? 4), ...settings.workerFlags] };
}

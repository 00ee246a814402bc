// The read views of `rollcall admin`: `list` (workers), `jobs`, `get ID` (a worker or a job),
// and `status`, a summary like `nomad node status` (also `rollcall status`). The lists and the
// summary take `--watch` to print again every few seconds until interrupted.
import { Option, type Command } from 'commander';
import type { MemberStateName } from '../../machines/member.machine.ts';
import type { JobState } from '../../machines/registry/registry.types.ts';
import type { JobJson, WorkerJson } from '../http/rest-shapes.ts';
import { parseDurationFlag } from './cli-values.ts';
import { checkId, run, subcommand, type Print } from './admin-client.ts';
import { ApiCallError, type RegistryClient } from './registry-client.ts';
import { outputFormat } from './output.ts';
import { UsageError } from './usage-error.ts';
import { formatJobDetail, formatJobTable, formatStatus, formatWorkerDetail, type StatusReply } from './view-tables.ts';
import { formatWorkerTable } from './worker-table.ts';

const MEMBER_STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
const JOB_STATES: readonly JobState[] = ['queued', 'assigned', 'succeeded', 'failed'];

/** `--watch [interval]` on a view: how often to print it again, or null for once. */
function watchOption(): Option {
  return new Option('-w, --watch [interval]', 'print again every INTERVAL until interrupted (Ctrl-C)').preset('2s');
}

/** Runs the view once, or with --watch again and again (the screen cleared between, on a terminal). */
async function view(command: Command, call: (client: RegistryClient) => Promise<unknown>, print: Print): Promise<void> {
  const { watch } = command.opts<{ watch?: string }>();
  if (watch === undefined) {
    await run(command, call, print);
    return;
  }
  const everyMs = parseDurationFlag(watch, '--watch');
  const clear = process.stdout.isTTY && outputFormat() !== 'json';
  for (;;) {
    if (clear) process.stdout.write('\x1b[H\x1b[2J');
    await run(command, call, print);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function stateFilter(states: readonly string[], given: string | undefined): string | undefined {
  if (given !== undefined && !states.includes(given)) throw new UsageError(`--state: "${given}" is not a state (use ${states.join(', ')})`);
  return given;
}

/** A list view: one GET, filtered by `--state` (sent as `query`), watched with --watch. */
function listView(name: string, description: string, states: readonly string[], path: string, query: string, print: Print): Command {
  return subcommand(name, description)
    .option('--state <state>', `only those in this state (${states.join(', ')})`)
    .addOption(watchOption())
    .action(async function (this: Command) {
      const state = stateFilter(states, this.opts<{ state?: string }>().state);
      await view(this, (c) => c.request('GET', state === undefined ? path : `${path}?${query}=${state}`), print);
    });
}

export function listCommand(): Command {
  return listView('list', 'List workers: ID, name, state, substate, epoch, last heartbeat, jobs (-o wide: address, age, load, labels)', MEMBER_STATES, '/api/workers', 'status',
    (reply, format) => formatWorkerTable((reply as { workers: WorkerJson[] }).workers, Date.now(), format));
}

export function jobsCommand(): Command {
  return listView('jobs', 'List jobs: ID, kind, state, worker, attempt, age (-o wide: epoch, finished, result)', JOB_STATES, '/api/jobs', 'state',
    (reply, format) => formatJobTable((reply as { jobs: JobJson[] }).jobs, Date.now(), format));
}

/** A worker by its ID, else a job by it. */
async function workerOrJob(client: RegistryClient, id: string): Promise<{ worker: WorkerJson } | { job: JobJson }> {
  try {
    return { worker: await client.request<WorkerJson>('GET', `/api/workers/${id}`) };
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 404) throw error;
  }
  try {
    return { job: await client.request<JobJson>('GET', `/api/jobs/${id}`) };
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) throw new ApiCallError(404, 'not_found', `no worker or job ${decodeURIComponent(id)}`);
    throw error;
  }
}

export function getCommand(): Command {
  return subcommand('get', 'Show one worker, or one job, by its ID')
    .argument('<id>', 'a worker ID or a job ID')
    .action(async function (this: Command, id: string) {
      const encoded = encodeURIComponent(checkId('ID', id));
      await run(this, (c) => workerOrJob(c, encoded), (reply) => {
        const found = reply as { worker: WorkerJson } | { job: JobJson };
        return 'worker' in found ? formatWorkerDetail(found.worker, Date.now()) : formatJobDetail(found.job, Date.now());
      });
    });
}

async function statusOf(client: RegistryClient): Promise<StatusReply> {
  const [health, stats, jobs, workers] = await Promise.all([
    client.request<StatusReply['health']>('GET', '/health'),
    client.request<StatusReply['stats']>('GET', '/api/workers/stats'),
    client.request<{ jobs: JobJson[] }>('GET', '/api/jobs'),
    client.request<{ workers: WorkerJson[] }>('GET', '/api/workers'),
  ]);
  return { url: client.baseUrl, health, stats, jobs: jobs.jobs, workers: workers.workers };
}

export function statusCommand(): Command {
  return subcommand('status', 'Summarise the registry: version, leader, workers and jobs by state, capacity, heartbeat rate, then the workers')
    .addOption(watchOption())
    .action(async function (this: Command) {
      await view(this, statusOf, (reply, format) => formatStatus(reply as StatusReply, Date.now(), format));
    });
}

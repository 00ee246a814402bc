// `rollcall admin …`: operator commands against a running registry's REST API (docs/api.md).
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { addressProblem } from '../../machines/registry/validation.ts';
import type { JobJson, WorkerJson } from '../http/rest-shapes.ts';
import { ApiCallError, DEFAULT_HTTP_URL, RegistryClient, UnreachableError } from './registry-client.ts';
import { loadTls, tlsPaths, TlsError, type TlsMaterial } from '../tls/tls-files.ts';
import { EXIT_FAILED, UsageError } from './usage-error.ts';
import { formatWorkerTable } from './worker-table.ts';

const STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
const ID = /^[A-Za-z0-9._-]{1,64}$/;

interface CommonFlags {
  http?: string;
  token?: string;
  json?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** A flag given on the command, else on `admin`. */
function flag<K extends keyof CommonFlags>(command: Command, name: K): CommonFlags[K] {
  return command.opts<CommonFlags>()[name] ?? command.parent?.opts<CommonFlags>()[name];
}

/** The TLS material for an https registry (CA to verify it, client certificate for mTLS). */
function tlsFor(command: Command): TlsMaterial | null {
  const paths = tlsPaths({ tlsCa: flag(command, 'tlsCa'), tlsCert: flag(command, 'tlsCert'), tlsKey: flag(command, 'tlsKey') });
  try {
    return loadTls(paths, { certificate: false });
  } catch (error) {
    if (error instanceof TlsError) throw new UsageError(error.message);
    throw error;
  }
}

type Print = (reply: unknown) => string;

/** The registry URL: --http on the command, then on `admin`, then $ROLLCALL_HTTP, then the default. */
function clientFor(command: Command): RegistryClient {
  const url = flag(command, 'http') ?? process.env.ROLLCALL_HTTP ?? DEFAULT_HTTP_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--http: "${url}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--http: "${url}" must be an http:// or https:// URL`);
  const token = flag(command, 'token') ?? process.env.ROLLCALL_ADMIN_TOKEN;
  return new RegistryClient(url, 10_000, token || undefined, tlsFor(command));
}

function checkId(what: string, id: string): string {
  if (!ID.test(id)) throw new UsageError(`${what}: "${id}" is not a worker or job ID (letters, digits, '.', '_', '-'; at most 64)`);
  return id;
}

/** Runs one API call and prints its reply; API and connection failures become one line and exit 1. */
async function run(command: Command, call: (client: RegistryClient) => Promise<unknown>, print: Print): Promise<void> {
  const client = clientFor(command);
  try {
    const reply = await call(client);
    process.stdout.write(command.opts<CommonFlags>().json ? JSON.stringify(reply, null, 2) + '\n' : print(reply));
  } catch (error) {
    if (error instanceof UnreachableError) process.stderr.write(`rollcall: ${error.message}\n`);
    else if (error instanceof ApiCallError && error.status === 401) process.stderr.write(`rollcall: ${error.code}: ${error.message}; pass --token or set ROLLCALL_ADMIN_TOKEN\n`);
    else if (error instanceof ApiCallError) process.stderr.write(`rollcall: ${error.code}: ${error.message}\n`);
    else throw error;
    process.exitCode = EXIT_FAILED;
  }
}

/** The connection flags both `admin` and each of its commands take. */
function connectionFlags(command: Command): Command {
  return command
    .option('--http <url>', `the registry's REST API (default $ROLLCALL_HTTP or ${DEFAULT_HTTP_URL})`)
    .option('--token <token>', 'the admin token (default $ROLLCALL_ADMIN_TOKEN)')
    .option('--tls-ca <file>', "PEM CA certificates to verify an https:// registry against (default $ROLLCALL_TLS_CA, else the system's)")
    .option('--tls-cert <file>', 'PEM client certificate, for a registry that requires one (default $ROLLCALL_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert (default $ROLLCALL_TLS_KEY)');
}

function subcommand(name: string, description: string): Command {
  return connectionFlags(new Command(name).description(description))
    .option('--json', "print the API's reply as JSON")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

function registerCommand(): Command {
  return subcommand('register', 'Pre-register a worker by its agent address; the reconnect monitor dials it')
    .argument('<name>', 'the worker name')
    .argument('<host:port>', "the worker agent's address")
    .option('--id <id>', 'the worker ID to use (default: one is assigned)')
    .action(async function (this: Command, name: string, address: string) {
      const flags = this.opts<{ id?: string }>();
      if (name.trim() === '') throw new UsageError('NAME must not be empty');
      const problem = addressProblem(address);
      if (problem) throw new UsageError(`HOST:PORT: "${address}": ${problem}`);
      if (flags.id !== undefined) checkId('--id', flags.id);
      const body = { name, address, ...(flags.id === undefined ? {} : { workerId: flags.id }) };
      await run(this, (c) => c.request('POST', '/api/workers/preregister', body), (reply) => {
        const { worker, created } = reply as { worker: WorkerJson; created: boolean };
        return created
          ? `pre-registered ${worker.id} (${worker.name} at ${worker.address}); the registry will dial it\n`
          : `already known as ${worker.id} (${worker.state})\n`;
      });
    });
}

function listCommand(): Command {
  return subcommand('list', 'List workers: ID, name, state, substate, epoch, last heartbeat, jobs')
    .option('--status <state>', `only workers in this state (${STATES.join(', ')})`)
    .action(async function (this: Command) {
      const { status } = this.opts<{ status?: string }>();
      if (status !== undefined && !(STATES as readonly string[]).includes(status)) {
        throw new UsageError(`--status: "${status}" is not a state (use ${STATES.join(', ')})`);
      }
      const path = status === undefined ? '/api/workers' : `/api/workers?status=${status}`;
      await run(this, (c) => c.request('GET', path), (reply) => formatWorkerTable((reply as { workers: WorkerJson[] }).workers, Date.now()));
    });
}

function idCommand(name: string, description: string, call: (id: string) => ['POST' | 'DELETE', string], print: (id: string, reply: unknown) => string): Command {
  return subcommand(name, description)
    .argument('<id>', 'the worker ID')
    .action(async function (this: Command, id: string) {
      const [method, path] = call(encodeURIComponent(checkId('ID', id)));
      await run(this, (c) => c.request(method, path), (reply) => print(id, reply));
    });
}

function triggerCommand(name: string, description: string, path: string, print: Print): Command {
  return subcommand(name, description).action(async function (this: Command) {
    await run(this, (c) => c.request('POST', path), print);
  });
}

function submitJobCommand(): Command {
  return subcommand('submit-job', 'Submit a job; it is assigned to a worker with room')
    .argument('<kind>', 'the job kind')
    .option('--payload <text>', 'the job payload (a string the worker interprets)')
    .option('--id <id>', 'the job ID (submitting a known ID again changes nothing)')
    .action(async function (this: Command, kind: string) {
      const flags = this.opts<{ payload?: string; id?: string }>();
      if (kind.trim() === '') throw new UsageError('KIND must not be empty');
      if (flags.id !== undefined) checkId('--id', flags.id);
      const body = { kind, ...(flags.payload === undefined ? {} : { payload: flags.payload }), ...(flags.id === undefined ? {} : { jobId: flags.id }) };
      await run(this, (c) => c.request('POST', '/api/jobs', body), (reply) => {
        const { job, created } = reply as { job: JobJson; created: boolean };
        const where = job.workerId ? `assigned to ${job.workerId}` : job.state;
        return `${created ? 'submitted' : 'already known:'} ${job.id} (${job.kind}): ${where}\n`;
      });
    });
}

export function adminCommand(): Command {
  const admin = connectionFlags(new Command('admin').description(summaryOf('admin')))
    .showHelpAfterError('(run with --help for usage)');
  const commands = [
    registerCommand(),
    idCommand('unregister', 'Remove a worker from the registry; its jobs are requeued', (id) => ['DELETE', `/api/workers/${id}`],
      (id, r) => `removed ${id} (${(r as { requeued: number }).requeued} job(s) requeued)\n`),
    listCommand(),
    idCommand('drain', 'Stop giving a worker new jobs; it finishes the running ones', (id) => ['POST', `/api/workers/${id}/drain`],
      (id) => `${id} is draining\n`),
    triggerCommand('reconnect', 'Run the reconnect monitor now', '/api/reconnect', () => 'reconnect monitor triggered\n'),
    triggerCommand('health-check', 'Run the health check now', '/api/health/check', (r) => {
      const { checked, failed } = r as { checked: number; failed: number };
      return `health check: ${checked} checked, ${failed} failed\n`;
    }),
    triggerCommand('cleanup', 'Run the cleanup sweep now', '/api/cleanup/failed', (r) => {
      const { cleaned, removed } = r as { cleaned: number; removed: number };
      return `cleanup: ${cleaned} failed member(s) made inactive, ${removed} removed\n`;
    }),
    submitJobCommand(),
  ];
  for (const command of commands) admin.addCommand(command);
  return admin;
}

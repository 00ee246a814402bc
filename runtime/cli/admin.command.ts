// `rollcall admin …`: operator commands against a running registry's REST API (docs/api.md):
// the read views (admin-views.ts) and the actions below.
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { addressProblem } from '../../machines/registry/validation.ts';
import type { JobJson, WorkerJson } from '../http/rest-shapes.ts';
import { checkId, connectionFlags, run, subcommand, type Print } from './admin-client.ts';
import { outputFlags } from './output.ts';
import { getCommand, jobsCommand, listCommand, statusCommand } from './admin-views.ts';
import { UsageError } from './usage-error.ts';

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
  const admin = outputFlags(connectionFlags(new Command('admin').description(summaryOf('admin'))))
    .showHelpAfterError('(run with --help for usage)');
  const commands = [
    statusCommand(),
    listCommand(),
    getCommand(),
    jobsCommand(),
    registerCommand(),
    idCommand('unregister', 'Remove a worker from the registry; its jobs are requeued', (id) => ['DELETE', `/api/workers/${id}`],
      (id, r) => `removed ${id} (${(r as { requeued: number }).requeued} job(s) requeued)\n`),
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

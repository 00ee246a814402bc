// The subcommands of `rollcall`, each loaded only when it is the one asked for: `--help` lists
// them from this table without loading any (a command's module pulls in gRPC, fastify, SQLite…).
import type { Command } from 'commander';
import { SUMMARIES } from './command-summaries.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** The heading `rollcall --help` lists it under. */
  readonly group: string;
  /** `program`: the whole `rollcall` command (completion reads it). */
  load(program: () => Command): Promise<Command>;
}

const SERVE = 'Run a cluster:';
const OPERATE = 'Operate a cluster:';
const TEST = 'Test and measure:';

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'registry',
    group: SERVE,
    summary: SUMMARIES.registry,
    load: async () => (await import('./registry.command.ts')).registryCommand(),
  },
  {
    name: 'worker',
    group: SERVE,
    summary: SUMMARIES.worker,
    load: async () => (await import('./worker.command.ts')).workerCommand(),
  },
  {
    name: 'admin',
    group: OPERATE,
    summary: SUMMARIES.admin,
    load: async () => (await import('./admin.command.ts')).adminCommand(),
  },
  {
    name: 'status',
    summary: SUMMARIES.status,
    group: OPERATE,
    load: async () => (await import('./admin-views.ts')).statusCommand(),
  },
  {
    name: 'tokens',
    group: OPERATE,
    summary: SUMMARIES.tokens,
    load: async () => (await import('./tokens.command.ts')).tokensCommand(),
  },
  {
    name: 'chaos',
    group: TEST,
    summary: SUMMARIES.chaos,
    load: async () => (await import('./chaos.command.ts')).chaosCommand(),
  },
  {
    name: 'sim',
    group: TEST,
    summary: SUMMARIES.sim,
    load: async () => (await import('./sim.command.ts')).simCommand(),
  },
  {
    name: 'proxy',
    group: TEST,
    summary: SUMMARIES.proxy,
    load: async () => (await import('./proxy.command.ts')).proxyCommand(),
  },
  {
    name: 'bench',
    group: TEST,
    summary: SUMMARIES.bench,
    load: async () => (await import('./bench.command.ts')).benchCommand(),
  },
  {
    name: 'completion',
    group: OPERATE,
    summary: SUMMARIES.completion,
    load: async (program) => (await import('./completion.command.ts')).completionCommand(program),
  },
];

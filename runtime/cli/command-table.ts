// The subcommands of `rollcall`, each loaded only when it is the one asked for: `--help` lists
// them from this table without loading any (a command's module pulls in gRPC, fastify, SQLite…).
import type { Command } from 'commander';
import { SUMMARIES } from './command-summaries.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'chaos',
    summary: SUMMARIES.chaos,
    load: async () => (await import('./chaos.command.ts')).chaosCommand(),
  },
  {
    name: 'registry',
    summary: SUMMARIES.registry,
    load: async () => (await import('./registry.command.ts')).registryCommand(),
  },
  {
    name: 'worker',
    summary: SUMMARIES.worker,
    load: async () => (await import('./worker.command.ts')).workerCommand(),
  },
  {
    name: 'admin',
    summary: SUMMARIES.admin,
    load: async () => (await import('./admin.command.ts')).adminCommand(),
  },
  {
    name: 'tokens',
    summary: SUMMARIES.tokens,
    load: async () => (await import('./tokens.command.ts')).tokensCommand(),
  },
  {
    name: 'sim',
    summary: SUMMARIES.sim,
    load: async () => (await import('./sim.command.ts')).simCommand(),
  },
  {
    name: 'proxy',
    summary: SUMMARIES.proxy,
    load: async () => (await import('./proxy.command.ts')).proxyCommand(),
  },
  {
    name: 'bench',
    summary: SUMMARIES.bench,
    load: async () => (await import('./bench.command.ts')).benchCommand(),
  },
];

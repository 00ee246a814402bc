// The subcommands of `rollcall`, each loaded only when it is the one asked for: `--help` lists
// them from this table without loading any (a command's module pulls in gRPC, fastify, SQLite…).
import type { Command } from 'commander';

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
    summary: 'Run the registry: gRPC for workers, REST for operators, members kept in SQLite or PostgreSQL (replicas)',
    load: async () => (await import('./registry.command.ts')).registryCommand(),
  },
  {
    name: 'worker',
    group: SERVE,
    summary: 'Run a worker agent: register, heartbeat, run tasks; drain and deregister on SIGTERM',
    load: async () => (await import('./worker.command.ts')).workerCommand(),
  },
  {
    name: 'admin',
    group: OPERATE,
    summary: 'Operate a running registry through its REST API (see docs/api.md)',
    load: async () => (await import('./admin.command.ts')).adminCommand(),
  },
  {
    name: 'status',
    summary: 'Summarise a running registry: workers and jobs by state, capacity, heartbeat rate, then the workers (rollcall admin status)',
    group: OPERATE,
    load: async () => (await import('./admin-views.ts')).statusCommand(),
  },
  {
    name: 'tokens',
    group: OPERATE,
    summary: "Show or rotate the registry's join and admin tokens, read from its database",
    load: async () => (await import('./tokens.command.ts')).tokensCommand(),
  },
  {
    name: 'chaos',
    group: TEST,
    summary: 'Run chaos scenarios (simulated and on real processes) or a property-based campaign of fault schedules',
    load: async () => (await import('./chaos.command.ts')).chaosCommand(),
  },
  {
    name: 'sim',
    group: TEST,
    summary: 'Run a deterministic simulation: a registry and N workers on virtual time, with seeded faults',
    load: async () => (await import('./sim.command.ts')).simCommand(),
  },
  {
    name: 'proxy',
    group: TEST,
    summary: 'Run a Toxiproxy-compatible fault proxy: the HTTP API on --host:--http-port, TCP proxies it creates',
    load: async () => (await import('./proxy.command.ts')).proxyCommand(),
  },
  {
    name: 'bench',
    group: TEST,
    summary: 'Run a benchmark from bench/ (heartbeat, members, detect, sim, …); flags go to it (see docs/performance.md)',
    load: async () => (await import('./bench.command.ts')).benchCommand(),
  },
  {
    name: 'completion',
    group: OPERATE,
    summary: 'Print a shell completion script: source <(rollcall completion bash)',
    load: async (program) => (await import('./completion.command.ts')).completionCommand(program),
  },
];

/** The one-line description of a command, as `rollcall --help` lists it. */
export function summaryOf(name: string): string {
  const entry = COMMANDS.find((command) => command.name === name);
  if (!entry) throw new Error(`no command ${name} in the command table`);
  return entry.summary;
}

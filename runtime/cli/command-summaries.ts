// The one-line description of each `rollcall` subcommand: `--help` lists them from the command
// table (command-table.ts), and each command describes itself with its own. Apart from the
// table, so that a command need not import the table that loads it.

export const SUMMARIES = {
  registry: 'Run the registry: gRPC for workers, REST for operators, members kept in SQLite or PostgreSQL (replicas)',
  worker: 'Run a worker agent: register, heartbeat, run tasks; drain and deregister on SIGTERM',
  admin: 'Operate a running registry through its REST API (see docs/api.md)',
  status: 'Summarise a running registry: workers and jobs by state, capacity, heartbeat rate, then the workers (rollcall admin status)',
  tokens: "Show or rotate the registry's join and admin tokens, read from its database",
  completion: 'Print a shell completion script: source <(rollcall completion bash)',
  chaos: 'Run chaos scenarios (simulated and on real processes) or a property-based campaign of fault schedules',
  sim: 'Run a deterministic simulation: a registry and N workers on virtual time, with seeded faults',
  proxy: 'Run a Toxiproxy-compatible fault proxy: the HTTP API on --host:--http-port, TCP proxies it creates',
  bench: 'Run a benchmark from bench/ (heartbeat, members, detect, sim, …); flags go to it (see docs/performance.md)',
} as const;

/** The one-line description of a command, as `rollcall --help` lists it. */
export function summaryOf(name: keyof typeof SUMMARIES): string {
  return SUMMARIES[name];
}

#!/usr/bin/env node
// The `rollcall` command: one subcommand per file in this folder.
import { Command, CommanderError } from 'commander';
import { proxyCommand } from './proxy.command.ts';
import { EXIT_USAGE, UsageError } from './usage-error.ts';
import { simCommand } from './sim.command.ts';
import { adminCommand } from './admin.command.ts';
import { benchCommand } from './bench.command.ts';
import { chaosCommand } from './chaos.command.ts';
import { registryCommand } from './registry.command.ts';
import { workerCommand } from './worker.command.ts';

const program = new Command('rollcall')
  .description('Worker registry, heartbeat monitor, simulator and chaos harness')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ outputError: (message, write) => write(message) });

const commands: Command[] = [chaosCommand(), registryCommand(), workerCommand(), adminCommand(), simCommand(), proxyCommand(), benchCommand()];
for (const command of commands) {
  program.addCommand(command.exitOverride());
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  if (error instanceof UsageError) {
    process.stderr.write(`rollcall: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
  throw error;
}

// The `rollcall` command after the Node check (rollcall.ts): the command asked for is loaded and
// built in full; the others stay one-line entries, enough for `rollcall --help`.
import { Command, CommanderError } from 'commander';
import { MissingDependencyError } from '../package/optional-dependency.ts';
import { rollcallVersion } from '../package/version.ts';
import { COMMANDS, type CommandEntry } from './command-table.ts';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './usage-error.ts';

/** The command the arguments name (`rollcall NAME …`, or `rollcall help NAME`), if any. */
function named(argv: readonly string[]): CommandEntry | undefined {
  const name = argv[2] === 'help' ? argv[3] : argv[2];
  return COMMANDS.find((command) => command.name === name);
}

const program = new Command('rollcall')
  .description('Worker registry, heartbeat monitor, simulator and chaos harness')
  .version(rollcallVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ outputError: (message, write) => write(message) });

const chosen = named(process.argv);
for (const entry of COMMANDS) {
  const command = entry === chosen ? await entry.load() : new Command(entry.name).description(entry.summary);
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
  if (error instanceof MissingDependencyError) {
    process.stderr.write(`rollcall: ${error.message}\n`);
    process.exit(EXIT_FAILED);
  }
  throw error;
}

// The `rollcall` command after the Node check (rollcall.ts): the command asked for is loaded and
// built in full; the others stay one-line entries, enough for `rollcall --help`. Output flags
// (`-o json|wide`, `--json`) are taken from anywhere on the line first (output.ts); help is
// grouped and wrapped to the terminal; a closed pipe ends the command quietly.
import { Command, CommanderError } from 'commander';
import { MissingDependencyError } from '../package/optional-dependency.ts';
import { rollcallVersion } from '../package/version.ts';
import { COMMANDS, type CommandEntry } from './command-table.ts';
import { quietOnClosedPipe, takeOutputFlags } from './output.ts';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './usage-error.ts';

/** The command the arguments name (`rollcall NAME …`, or `rollcall help NAME`), if any. */
function named(argv: readonly string[]): CommandEntry | undefined {
  const name = argv[2] === 'help' ? argv[3] : argv[2];
  return COMMANDS.find((command) => command.name === name);
}

/** The terminal's width; 100 columns when the output is not a terminal. */
const helpWidth = () => process.stdout.columns || Number(process.env.COLUMNS) || 100;

/** Help wrapped to the width, and one-line errors, on a command and all its subcommands. */
function styled(command: Command): Command {
  command
    .configureHelp({ minWidthToWrap: 24, showGlobalOptions: false })
    .configureOutput({ getOutHelpWidth: helpWidth, getErrHelpWidth: helpWidth, outputError: (message, write) => write(message) });
  for (const sub of command.commands) styled(sub);
  return command;
}

function fail(code: number, message: string): never {
  process.stderr.write(`rollcall: ${message}\n`);
  process.exit(code);
}

quietOnClosedPipe();
const program = new Command('rollcall')
  .description('Worker registry, heartbeat monitor, simulator and chaos harness')
  .version(rollcallVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const chosen = named(process.argv);
// Completion describes every command, so it loads them all; anything else loads only its own.
const full = chosen?.name === 'completion' ? COMMANDS : chosen ? [chosen] : [];
for (const entry of COMMANDS) {
  const command = full.includes(entry) ? await entry.load(() => program) : new Command(entry.name).description(entry.summary);
  program.addCommand(command.exitOverride().helpGroup(entry.group));
}
styled(program);

try {
  // bench hands its flags on to the benchmark as they are.
  const argv = chosen?.name === 'bench' ? process.argv : [...process.argv.slice(0, 2), ...takeOutputFlags(process.argv.slice(2))];
  await program.parseAsync(argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  if (error instanceof UsageError) fail(EXIT_USAGE, error.message);
  if (error instanceof MissingDependencyError) fail(EXIT_FAILED, error.message);
  throw error;
}

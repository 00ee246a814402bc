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

function fail(code: number, message: string): never {
  process.stderr.write(`rollcall: ${message}\n`);
  process.exit(code);
}

/** The command the arguments name (`rollcall NAME …`, or `rollcall help NAME`), if any. */
function named(args: readonly string[]): CommandEntry | undefined {
  const name = args[0] === 'help' ? args[1] : args[0];
  return COMMANDS.find((command) => command.name === name);
}

/** The arguments without the output flags; bench hands its flags on to the benchmark as they are. */
function argsOf(given: readonly string[]): string[] {
  try {
    const args = takeOutputFlags(given);
    return named(args)?.name === 'bench' ? [...given] : args;
  } catch (error) {
    if (error instanceof UsageError) fail(EXIT_USAGE, error.message);
    throw error;
  }
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

quietOnClosedPipe();
const args = argsOf(process.argv.slice(2));
const program = new Command('rollcall')
  .description('Worker registry, heartbeat monitor, simulator and chaos harness')
  .version(rollcallVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const chosen = named(args);
// Completion describes every command, so it loads them all; anything else loads only its own.
const full = chosen?.name === 'completion' ? COMMANDS : chosen ? [chosen] : [];
for (const entry of COMMANDS) {
  const command = full.includes(entry) ? await entry.load(() => program) : new Command(entry.name).description(entry.summary);
  program.addCommand(command.exitOverride().helpGroup(entry.group));
}
styled(program);

try {
  await program.parseAsync(args, { from: 'user' });
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  if (error instanceof UsageError) fail(EXIT_USAGE, error.message);
  if (error instanceof MissingDependencyError) fail(EXIT_FAILED, error.message);
  throw error;
}

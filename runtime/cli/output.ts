// How a command prints what it lists: `-o json|wide|table` (or `--json`), accepted anywhere on
// the command line (`rollcall --json admin list`, `rollcall admin list -o wide`). cli-main takes
// these flags out of the arguments before commander parses them; commands ask `outputFormat()`.
import { Option, type Command } from 'commander';
import { UsageError } from './usage-error.ts';

export const OUTPUT_FORMATS = ['table', 'wide', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

let format: OutputFormat = 'table';

export function outputFormat(): OutputFormat {
  return format;
}

function chosen(value: string | undefined, flag: string): OutputFormat {
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a format: ${OUTPUT_FORMATS.join(', ')}`);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) throw new UsageError(`${flag}: "${value}" is not a format (use ${OUTPUT_FORMATS.join(', ')})`);
  return value as OutputFormat;
}

/**
 * The arguments without the output flags, the format they chose set for `outputFormat()`.
 * Arguments after `--` and the value of `--worker-command` are left alone.
 */
export function takeOutputFlags(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--json') format = 'json';
    else if (arg === '-o' || arg === '--output') format = chosen(argv[++i], arg);
    else if (arg.startsWith('--output=')) format = chosen(arg.slice(9), '--output');
    else if (/^-o[a-z]/.test(arg)) format = chosen(arg.slice(2), '-o');
    else {
      rest.push(arg);
      if (arg === '--worker-command' && i + 1 < argv.length) rest.push(argv[++i]!);
    }
  }
  return rest;
}

/**
 * The output flags in a command's help. They are taken out of the arguments wherever they
 * stand (takeOutputFlags), so they are shown here but never parsed here.
 */
export function outputFlags(command: Command): Command {
  return command
    .addOption(new Option('-o, --output <format>', 'how to print the result, anywhere on the line').choices(OUTPUT_FORMATS).default('table').helpGroup('Output:'))
    .addOption(new Option('--json', 'the same as -o json').helpGroup('Output:'));
}

/** A reader gone (`rollcall admin list | head -1`) ends the command quietly; other errors stay errors. */
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

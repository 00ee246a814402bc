// A benchmark's command line: node's parseArgs, strict, with --help printing the usage and a
// bad flag or value refused in one line and exit code 2 instead of a stack trace.
import { parseArgs } from 'node:util';
import { parseCount, parseDuration } from '../../runtime/config/units.ts';

type Flag = { type: 'string'; default?: string } | { type: 'boolean'; default?: boolean };

export interface BenchCommand<F extends Record<string, Flag>> {
  values: ReturnType<typeof parseArgs<{ options: F; strict: true; allowPositionals: false }>>['values'];
  /** The words that are not flags, where the bench takes them (`allowPositionals`). */
  positionals: string[];
  /** Stops the run: the reason, then the usage, on stderr; exit code 2. */
  refuse(reason: string): never;
  /** A whole number from `min` to `max`, or refused. */
  whole(flag: string, text: string, min: number, max: number): number;
  /** A duration (`500ms`, `2s`, `1h`), or refused. */
  duration(flag: string, text: string): number;
}

export function benchArgs<const F extends Record<string, Flag>>(
  usage: string,
  flags: F,
  args = process.argv.slice(2),
  allowPositionals = false,
): BenchCommand<F> {
  const refuse = (reason: string): never => {
    console.error(`${reason}\n${usage}`);
    process.exit(2);
  };
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  let values: BenchCommand<F>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: flags, strict: true, allowPositionals }));
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    return refuse(unknown ? `unknown option ${unknown[1]} (see --help)` : (error as Error).message);
  }
  /** The value `parse` makes of a flag's text, or its error refused in one line (after `prefix`). */
  const checked = <T>(parse: () => T, prefix = ''): T => {
    try {
      return parse();
    } catch (error) {
      return refuse(`${prefix}${(error as Error).message}`);
    }
  };
  return {
    values,
    positionals,
    refuse,
    whole: (flag, text, min, max) => checked(() => parseCount(text, min, max, `--${flag}`)),
    duration: (flag, text) => checked(() => parseDuration(text), `--${flag}: `),
  };
}

// A `rollcall worker` loaded ahead of need: this process imports the worker command (the whole
// worker runtime), says `worker.parked` and waits. Given one line on stdin (a JSON array of
// `rollcall worker` arguments) it runs the command as `rollcall worker ARGS` would; its stdin
// closing first (the harness gone) ends it. Real mode parks these before a script begins, so a
// `start` costs the worker's own start (~40 ms), not Node's module loading (about a second of
// CPU, several on a loaded machine), in scenario time.
import { createInterface } from 'node:readline';
import { workerCommand } from '../../cli/worker.command.ts';
import { EXIT_USAGE } from '../../cli/usage-error.ts';

const input = createInterface({ input: process.stdin });
let given = false;
input.once('line', (line) => {
  given = true;
  input.close();
  workerCommand()
    .exitOverride()
    .parseAsync(JSON.parse(line) as string[], { from: 'user' })
    .catch((error: unknown) => {
      process.stderr.write(`rollcall worker: ${(error as Error).message}\n`);
      process.exit(EXIT_USAGE);
    });
});
input.once('close', () => {
  if (!given) process.exit(0);
});
process.stdout.write('{"event":"worker.parked"}\n');

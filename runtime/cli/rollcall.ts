#!/usr/bin/env node
// The `rollcall` command. This file stays tiny so that the Node check runs before anything that
// needs a newer Node, and so that `rollcall --version` loads nothing else. The rest of the CLI
// (cli-main.ts) loads only the command asked for (command-table.ts); `rollcall worker` goes
// through worker-main.ts, which the build makes one bundled file.
import '../package/node-guard.ts';
import { rollcallVersion } from '../package/version.ts';

const first = process.argv[2];
if (first === '--version' || first === '-V') {
  process.stdout.write(`${rollcallVersion()}\n`);
} else if (first === 'worker') {
  await import('./worker-main.ts');
} else {
  await import('./cli-main.ts');
}

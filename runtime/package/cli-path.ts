// The file of the `rollcall` command, for the harnesses that start it as a child process (real
// chaos runs, the proxy launcher): runtime/cli/rollcall.ts in a checkout (run by Node's type
// stripping), dist/runtime/cli/rollcall.js in the built package, whichever this module is.
import { fileURLToPath } from 'node:url';

const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const CLI_PATH = fileURLToPath(new URL(`../cli/rollcall${extension}`, import.meta.url));

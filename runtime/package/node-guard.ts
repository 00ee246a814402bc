// Refuses an unsupported Node in one line, before anything that needs a newer one is loaded:
// the `rollcall` command and every library entry point import this module first, and it
// imports nothing. On Node 20, better-sqlite3 13 segfaults and commander 15 does not load, so
// the check runs here rather than failing somewhere deep. package.json's `engines` and the
// README say the same version (test/smoke/node-guard.test.ts holds them together).

/** The oldest Node rollcall runs on: what its dependencies need (commander 15: 22.12). */
export const NEEDED_NODE = '22.12';

function parts(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** Why `running` (e.g. "20.20.2") cannot run rollcall, or undefined when it can. */
export function nodeProblem(running: string): string | undefined {
  const [major = 0, minor = 0] = parts(running);
  const [neededMajor = 0, neededMinor = 0] = parts(NEEDED_NODE);
  if (major > neededMajor || (major === neededMajor && minor >= neededMinor)) return undefined;
  return `rollcall needs Node.js ${NEEDED_NODE} or newer; this is Node.js ${running} (${process.execPath})`;
}

const problem = nodeProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}

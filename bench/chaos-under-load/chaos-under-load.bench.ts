// The chaos suite on a busy machine, as CI machines are: `rollcall bench chaos-under-load
// [--busy 2] [--scenarios a,b] [--mode suite] [--within 60m]`. Starts --busy processes that spin
// for ever (one per core of a 2-core machine by default), runs `rollcall chaos` beside them,
// stops them, and prints the chaos summary with the machine's load before and after. Exit code:
// the chaos run's (0 all passed, 1 something failed, 2 bad usage); 1 as well if it outlasts --within.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchArgs } from '../support/bench-args.ts';

const CLI = fileURLToPath(new URL('../../runtime/cli/rollcall.ts', import.meta.url));

const command = benchArgs(
  `usage: rollcall bench chaos-under-load [--busy 2] [--scenarios a,b] [--mode suite] [--within 60m] [--junit FILE] [--report FILE]
  runs rollcall chaos while --busy processes spin on the cores; prints its summary; exits with its code
  --busy N          busy-loop processes beside the run (default 2: both cores of this machine's size)
  --scenarios a,b   only these scenarios (default: the whole library)
  --mode M          suite (the library in sim, then real: what npm start runs), real, sim or both
  --within D        stop the run (and fail) if it takes longer than this (default 60m)
  --junit FILE      also write the JUnit XML of the run
  --report FILE     also write the HTML timeline report`,
  {
    busy: { type: 'string', default: '2' },
    scenarios: { type: 'string' },
    mode: { type: 'string', default: 'suite' },
    within: { type: 'string', default: '60m' },
    junit: { type: 'string' },
    report: { type: 'string' },
  },
);
const { values } = command;
const busy = command.whole('busy', values.busy, 0, 64);
const withinMs = command.duration('within', values.within);
if (!['suite', 'real', 'sim', 'both'].includes(values.mode)) command.refuse(`--mode must be suite, real, sim or both, not "${values.mode}"`);
const names = values.scenarios ? values.scenarios.split(',').filter((n) => n !== '') : [];

const chaosArgs = [
  'chaos',
  ...names,
  ...(values.mode === 'suite' ? (names.length ? ['--mode', 'both'] : ['--suite']) : ['--mode', values.mode, ...(names.length ? [] : ['--all'])]),
  ...(values.junit ? ['--junit', values.junit] : []),
  ...(values.report ? ['--report', values.report] : []),
];

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const spinners: ChildProcess[] = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopSpinners = () => spinners.forEach((p) => p.kill('SIGKILL'));
process.once('SIGINT', () => (stopSpinners(), process.exit(130)));
process.once('SIGTERM', () => (stopSpinners(), process.exit(143)));

console.log(`chaos under load: ${busy} busy-loop process(es); load average ${loadBefore}; rollcall ${chaosArgs.join(' ')}`);
const startedAt = Date.now();
const chaos = spawn(process.execPath, [CLI, ...chaosArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
const timer = setTimeout(() => {
  console.error(`chaos under load: stopped after ${values.within}, the --within bound`);
  chaos.kill('SIGKILL');
}, withinMs);
const code = await new Promise<number>((resolve) => chaos.once('close', (status) => resolve(status ?? 1)));
clearTimeout(timer);
const loadDuring = load();
stopSpinners();
console.log(`chaos under load: ${code === 0 ? 'every run passed' : `exit ${code}`} in ${Math.round((Date.now() - startedAt) / 1000)} s beside ${busy} busy loop(s); load average at the end ${loadDuring}`);
process.exitCode = code;

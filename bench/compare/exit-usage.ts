// Preloaded (node --import) into every benchmark process `bench compare` starts: at exit it
// writes the process's own CPU time and peak RSS to the file named by
// ROLLCALL_BENCH_USAGE_FILE, so base and head are measured alike whatever their code prints.
// The variable is taken out of the environment at once: the processes a benchmark starts (a
// registry, workers) would inherit it, and a registry refuses a ROLLCALL_* variable it does not
// know, so `bench compare … heartbeat` could not start its registry on either side. It moves to
// BENCH_USAGE_FILE, which only a process preloading this file reads: a benchmark that starts
// itself again with other V8 flags (the simulator, runtime/sim/young-generation.ts) passes its
// execArgv on, so the run doing the work writes the figures, and the first one to exit wins.
import { existsSync, writeFileSync } from 'node:fs';

const file = process.env.ROLLCALL_BENCH_USAGE_FILE ?? process.env.BENCH_USAGE_FILE;
delete process.env.ROLLCALL_BENCH_USAGE_FILE;
if (file) {
  process.env.BENCH_USAGE_FILE = file;
  process.on('exit', () => {
    if (existsSync(file)) return;
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, JSON.stringify({ cpuMs: Math.round(cpuMs), maxRssMb: Math.round(usage.maxRSS / 1024) }));
  });
}

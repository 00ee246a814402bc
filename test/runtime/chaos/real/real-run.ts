// What the real-mode runner's tests share: run a scenario noting the registry's ports, and see
// which processes and ports a run left behind.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { runRealScenario, type RealRunOptions } from '../../../../runtime/chaos/real/run-real-scenario.ts';
import type { Scenario } from '../../../../runtime/chaos/scenario.ts';

export function childPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim();
  const rows = out === '' ? [] : out.split('\n').map((l) => l.trim().split(/\s+/));
  return rows.filter(([, comm]) => comm !== 'ps').map(([pid]) => Number(pid));
}

export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

/** Runs a scenario, noting the registry's ports from the progress lines. */
export async function run(scenario: Scenario, options: Partial<RealRunOptions> = {}) {
  const lines: string[] = [];
  const result = await runRealScenario(scenario, { seed: 1, scale: 0.01, onProgress: (line) => lines.push(line), ...options });
  const ports = /gRPC 127\.0\.0\.1:(\d+), REST http:\/\/127\.0\.0\.1:(\d+)/.exec(lines.join('\n'));
  return { result, lines, ports: ports ? [Number(ports[1]), Number(ports[2])] : [] };
}

// Exit codes of the server commands as a user meets them (docs/behaviour.md §4: 2 = bad usage): anything
// wrong in what the user wrote — a setting's value in a file, a variable or a flag, a config
// file that is not there, a flag that does not exist, a TLS file a flag names — stops start-up
// with one line and exit code 2, before anything listens; a run that fails is 1.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');
const dir = mkdtempSync(join(tmpdir(), 'rollcall-exit-'));
const badFile = join(dir, 'bad.json');
writeFileSync(badFile, JSON.stringify({ heartbeatInterval: 'often' }));
const missing = join(dir, 'missing.json');
const badSettingFile = join(dir, 'setting.json');
writeFileSync(badSettingFile, JSON.stringify({ logFormat: 'xml' }));

interface Run {
  code: number | null;
  stderr: string;
}

/** Runs `rollcall ARGS` to its end (the commands below never get as far as listening). */
function rollcall(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

const registry = ['registry', '--db', ':memory:', '--grpc-port', '0', '--http-port', '0'];
const worker = ['worker', '--agent-port', '0', '--http-port', '0', '--state-dir', join(dir, 'state')];

// `stderr` is matched against the first line; commander adds a second to an unknown flag: its closest name.
const cases: { what: string; args: string[]; env?: Record<string, string>; stderr: RegExp; hint?: true }[] = [
  { what: 'registry: a bad flag value', args: [...registry, '--heartbeat-interval', 'often'], stderr: /^rollcall registry: flag --heartbeat-interval: "often" is not a duration/ },
  { what: 'registry: a bad value in the config file', args: [...registry, '--config', badFile], stderr: /^rollcall registry: config file .*bad\.json: heartbeatInterval: "often" is not a duration/ },
  { what: 'registry: a missing config file', args: [...registry, '--config', missing], stderr: /^rollcall registry: config file .*missing\.json: does not exist$/ },
  { what: 'registry: a bad environment value', args: registry, env: { ROLLCALL_UNHEALTHY_AFTER: '2 minutes' }, stderr: /^rollcall registry: ROLLCALL_UNHEALTHY_AFTER: "2 minutes" is not a duration/ },
  { what: 'registry: a missing TLS file', args: [...registry, '--tls-cert', join(dir, 'no.crt'), '--tls-key', join(dir, 'no.key')], stderr: /^rollcall registry: --tls-cert .*no\.crt: does not exist$/ },
  { what: 'registry: a bad port in the environment', args: registry.slice(0, 3), env: { ROLLCALL_HTTP_PORT: 'lots' }, stderr: /^rollcall registry: ROLLCALL_HTTP_PORT: "lots" is not a port/ },
  { what: 'registry: a bad process setting in the config file', args: [...registry, '--config', badSettingFile], stderr: /^rollcall registry: config file .*setting\.json: logFormat: "xml" is not one of pretty, json$/ },
  { what: 'registry: an unknown flag', args: [...registry, '--heartbeat-intervl', '1s'], stderr: /^error: unknown option '--heartbeat-intervl'$/, hint: true },
  { what: 'registry: a bad port', args: [...registry, '--grpc-port', 'lots'], stderr: /--grpc-port must be an integer/ },
  { what: 'worker: a bad flag value', args: [...worker, '--heartbeat-interval', '5'], stderr: /^rollcall worker: flag --heartbeat-interval: "5" is not a duration/ },
  { what: 'worker: a bad value in the config file', args: [...worker, '--config', badFile], stderr: /^rollcall worker: config file .*bad\.json: heartbeatInterval: "often" is not a duration/ },
  { what: 'worker: a missing config file', args: [...worker, '--config', missing], stderr: /^rollcall worker: config file .*missing\.json: does not exist$/ },
  { what: 'worker: a bad capacity in the environment', args: worker, env: { ROLLCALL_CAPACITY: '0' }, stderr: /^rollcall worker: ROLLCALL_CAPACITY: "0" is not a whole number above 0$/ },
  { what: 'worker: an unknown flag', args: [...worker, '--bogus'], stderr: /^error: unknown option '--bogus'$/ },
  { what: 'worker: a bad capacity', args: [...worker, '--capacity', 'x'], stderr: /--capacity must be a whole number/ },
];

describe('server commands: every usage error exits 2 with one line (real CLI processes)', () => {
  it.each(cases)('$what', async ({ args, env, stderr, hint }) => {
    const run = await rollcall(args, env);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(stderr);
    expect(lines.slice(1), run.stderr).toEqual(hint ? [expect.stringMatching(/^\(Did you mean --heartbeat-interval\?\)$/)] : []);
    expect(run.code, run.stderr).toBe(2);
  });

  it('a run that fails is not a usage error: a database that cannot be opened exits 1', async () => {
    const run = await rollcall(['registry', '--grpc-port', '0', '--http-port', '0', '--db', join(dir, 'no/such/dir/r.db')]);
    // It had started (its first log line names its PID) when the store failed: the failure is its last line.
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^rollcall registry: store .*r\.db: /);
    expect(run.code).toBe(1);
  });
});

// The `rollcall` command in a shell: help grouped, with defaults and wrapped to the terminal;
// bash completion that completes commands and flags; suggestions for a mistyped scenario.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, rollcall } from '../support/admin-cli.ts';

describe('help', () => {
  it('groups the registry flags, shows defaults and variables, and wraps to the terminal width', async () => {
    const run = await rollcall(['registry', '--help'], { COLUMNS: '80' });
    expect(run.code).toBe(0);
    for (const heading of ['Listening:', 'Storage:', 'Security:', 'Logs:', 'Tuning (config keys, also ROLLCALL_<KEY> variables; docs/configuration.md):']) expect(run.stdout).toContain(`\n${heading}\n`);
    expect(run.stdout).toMatch(/--grpc-port <port>[\s\S]*\[\$ROLLCALL_GRPC_PORT\][\s\S]*\(default: "50051"\)/);
    expect(run.stdout).toMatch(/--unhealthy-after <value>[\s\S]*\(default: 2m\)/);
    const widest = Math.max(...run.stdout.split('\n').map((line) => line.length));
    expect(widest).toBeLessThanOrEqual(80);
  });

  it('lists the commands by what they are for', async () => {
    const run = await rollcall(['--help']);
    expect(run.stdout).toMatch(/Run a cluster:\n\s+registry[\s\S]*Operate a cluster:\n\s+admin[\s\S]*status[\s\S]*Test and measure:\n\s+chaos/);
  });
});

describe('rollcall completion bash', () => {
  const script = execFileSync(process.execPath, [cli, 'completion', 'bash'], { encoding: 'utf8' });

  /** What bash offers after `words` (the last one being completed). */
  function complete(words: string[]): string[] {
    const line = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _rollcall; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const run = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter(Boolean);
  }

  it('completes commands, admin subcommands and their flags', () => {
    expect(complete(['rollcall', 'st'])).toEqual(['status']);
    expect(complete(['rollcall', 'admin', 'j'])).toEqual(['jobs']);
    expect(complete(['rollcall', 'admin', '--http', 'x', 'list', '--wa'])).toEqual(['--watch']);
    expect(complete(['rollcall', 'registry', '--http-p'])).toEqual(['--http-port']);
  });

  it('refuses a shell it does not know, with exit 2', async () => {
    const run = await rollcall(['completion', 'fish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^rollcall: completion: "fish" is not a shell this knows/);
  });
});

describe('suggestions', () => {
  it('suggests the scenario a typo meant', async () => {
    const run = await rollcall(['chaos', 'crash-and-restrt']);
    expect([run.code, run.stderr]).toEqual([2, 'rollcall: no scenario "crash-and-restrt" (did you mean crash-and-restart?) (rollcall chaos --list shows them)\n']);
  });

  it('chaos --list takes -o json too', async () => {
    const run = await rollcall(['chaos', '--list', '--json']);
    expect(JSON.parse(run.stdout)).toContainEqual(expect.objectContaining({ name: 'crash-and-restart' }));
  });
});

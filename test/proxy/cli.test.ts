// `rollcall proxy` as a process: help, start-up failures as one line, config, child launcher.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnProxyServer } from '../../runtime/proxy/proxy-process.ts';
import { http } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-proxy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rollcall(...args: string[]) {
  return spawnSync(process.execPath, ['runtime/cli/rollcall.ts', ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('rollcall proxy', () => {
  it('prints help and exits 0', () => {
    const run = rollcall('proxy', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--http-port <port>');
    expect(run.stdout).toContain('--populate <file>');
  });

  it('rejects a bad port as a usage error (exit 2, one line)', () => {
    const run = rollcall('proxy', '--http-port', '99999');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a port in use in one line and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = rollcall('proxy', '--http-port', String(port));
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`rollcall proxy: listen tcp 127.0.0.1:${port}: bind: address already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it('reports an unreadable or invalid config in one line and exits 1', () => {
    const missing = rollcall('proxy', '--http-port', '0', '--populate', join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^rollcall proxy: cannot read config .*nope\.json: ENOENT\n$/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"name":"x"}]');
    const invalid = rollcall('proxy', '--http-port', '0', '--populate', bad);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toBe(`rollcall proxy: config ${bad}: missing required field: upstream at proxy 1\n`);
    writeFileSync(bad, '{not json');
    expect(rollcall('proxy', '--http-port', '0', '--populate', bad).stderr).toMatch(/^rollcall proxy: config .*: bad request body: .*\n$/);
  });
});

describe('spawnProxyServer', () => {
  it('starts on a free port, applies the config, serves the node client and stops on close', async () => {
    const config = join(dir, 'good.json');
    writeFileSync(config, JSON.stringify([{ name: 'from-config', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }]));
    const child = await spawnProxyServer({ config });
    try {
      expect(child.port).toBeGreaterThan(0);
      const client = new Toxiproxy(child.url);
      const all = await client.getAll();
      expect(Object.keys(all)).toEqual(['from-config']);
      expect(all['from-config']!.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
      expect(await client.getVersion()).toContain('2.12.0');
    } finally {
      await child.close();
    }
    await expect(http(`${child.url}/version`)).rejects.toThrow();
  });

  it('rejects with the server\'s message when it cannot start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(spawnProxyServer({ port })).rejects.toThrow(/address already in use/);
    } finally {
      blocker.close();
    }
  });
});

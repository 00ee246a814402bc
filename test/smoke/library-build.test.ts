// The library face as a package user gets it: `npm run build` then `startRegistry` from dist/.
// The registry reads files that are not TypeScript at start (the gRPC protos, the dashboard's
// page and assets); the build must copy them, or the built registry cannot start.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../runtime/index.ts';

const root = join(import.meta.dirname, '../..');

describe('the built library', () => {
  let registry: RunningRegistry | undefined;
  afterAll(async () => registry?.stop());

  it('starts a registry from dist/ that serves the dashboard and its assets', async () => {
    rmSync(join(root, 'dist'), { recursive: true, force: true }); // from scratch: no file left by an earlier build
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const built = (await import(join(root, 'dist/runtime/index.js'))) as typeof import('../../runtime/index.ts');
    registry = await built.startRegistry({ grpcPort: 0, httpPort: 0, db: ':memory:', logger: pino({ level: 'silent' }) });
    const base = `http://127.0.0.1:${registry.httpPort}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/dashboard/app.js">');
    for (const asset of ['app.js', 'diagram.js', 'app.css']) expect((await fetch(`${base}/dashboard/${asset}`)).status, asset).toBe(200);
  }, 120_000);
});


// The Node check every entry point runs first (runtime/package/node-guard.ts), and the three
// places that name the oldest Node rollcall runs on: the guard, package.json's engines, the README.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEEDED_NODE, nodeProblem } from '../../runtime/package/node-guard.ts';
import { rollcallVersion } from '../../runtime/package/version.ts';

const root = join(import.meta.dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

describe('the Node guard', () => {
  it('refuses an older Node in one line naming both versions, and lets a new enough one through', () => {
    expect(nodeProblem('20.20.2')).toBe(`rollcall needs Node.js ${NEEDED_NODE} or newer; this is Node.js 20.20.2 (${process.execPath})`);
    expect(nodeProblem('22.11.0')).toMatch(/^rollcall needs Node\.js 22\.12 or newer; this is Node\.js 22\.11\.0 /);
    expect(nodeProblem('18.0.0')).toBeDefined();
    for (const fine of ['22.12.0', '22.20.1', '23.0.0', '24.21.0', '30.1.0']) expect(nodeProblem(fine), fine).toBeUndefined();
  });

  it('agrees with package.json engines and the README', () => {
    expect(packageJson.engines.node).toBe(`>=${NEEDED_NODE}`);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`Node ${NEEDED_NODE} or newer`);
  });

  it('reads the version from package.json', () => {
    expect(rollcallVersion()).toBe(packageJson.version);
  });
});

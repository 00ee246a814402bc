// Real mode reports what went wrong instead of throwing: a failed check, an until that runs
// out (ending the script), a script that throws; the work dir kept on request, nothing left running.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../../../runtime/chaos/scenario.ts';
import { childPids, refused, run } from './real-run.ts';

describe('runRealScenario failures', () => {
  it('reports a failed check, and an until that runs out as a timeout that ends the script', async () => {
    let after = false;
    const scenario = defineScenario({
      name: 'checks',
      summary: 'a check that fails and an until that cannot happen',
      workers: 0,
      async script(run) {
        run.check(true, 'holds');
        run.check(1 + 1 === 3, 'arithmetic is broken');
        await run.until(() => false, '30s', 'the impossible');
        after = true;
      },
    });
    const started = Date.now();
    const parent = mkdtempSync(join(tmpdir(), 'real-run-test-'));
    const { result, lines } = await run(scenario, { workDir: parent, keepDir: true });
    expect(result.passed).toBe(false);
    const [kept] = readdirSync(parent).map((name) => join(parent, name));
    expect(result.failures.map((f) => [f.kind, f.message])).toEqual([
      ['check', `arithmetic is broken (work dir: ${kept})`],
      ['timeout', `the impossible did not happen within 30s (work dir: ${kept})`],
    ]);
    expect(lines.at(-1)).toBe(`checks: work dir kept at ${kept}`);
    expect(existsSync(join(kept!, 'events-1.jsonl'))).toBe(true);
    rmSync(parent, { recursive: true, force: true });
    expect(after).toBe(false);
    // 30 s of production time at 0.01 is 300 ms of real time.
    expect(result.scenarioMs).toBeGreaterThanOrEqual(30_000);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a script that throws as an error, and still cleans up', async () => {
    const before = childPids();
    const scenario = defineScenario({
      name: 'throws',
      summary: 'the script breaks',
      workers: 1,
      async script(run) {
        await run.start('w1');
        await run.member('nobody');
      },
    });
    const { result, ports } = await run(scenario);
    expect(result.failures).toEqual([{ kind: 'error', message: expect.stringContaining('no worker named "nobody"') }]);
    expect(childPids()).toEqual(before);
    for (const port of ports) expect(await refused(port)).toBe(true);
  });
});

// The command printed under a failure runs the same scenario the same way, as one shell line.
import { describe, expect, it } from 'vitest';
import { scenarioReplay, shellWord } from '../../../runtime/chaos/replay-command.ts';
import { runScenario } from '../../../runtime/chaos/run-scenario.ts';
import { scenarios } from '../../../scenarios/index.ts';

describe('scenarioReplay', () => {
  it('names the scenario, mode and seed; a real run also its scale when not the default, and the worker command', () => {
    expect(scenarioReplay('crash-and-restart', 'sim', { seed: 4, scale: 0.02 })).toBe('npx rollcall chaos crash-and-restart --mode sim --seed 4');
    expect(scenarioReplay('crash-and-restart', 'real', { seed: 4, scale: 0.01 })).toBe('npx rollcall chaos crash-and-restart --mode real --seed 4');
    expect(scenarioReplay('crash-and-restart', 'real', { seed: 4, scale: 0.02, workerCommand: "node it's.js" })).toBe(
      `npx rollcall chaos crash-and-restart --mode real --seed 4 --scale 0.02 --worker-command 'node it'\\''s.js'`,
    );
  });

  it('quotes only what the shell would split or expand', () => {
    expect(shellWord('examples/worker.ts')).toBe('examples/worker.ts');
    expect(shellWord('a b')).toBe(`'a b'`);
    expect(shellWord('$HOME')).toBe(`'$HOME'`);
  });

  it('is what runScenario notes on its result', async () => {
    const result = await runScenario(scenarios.find((s) => s.name === 'crash-and-restart')!, 'sim', { seed: 3, scale: 0.01 });
    expect(result.replay).toBe('npx rollcall chaos crash-and-restart --mode sim --seed 3');
  });
});

// What `rollcall chaos` plans to run: modes a scenario allows, and the replica scenarios left
// out of real mode over the whole library when there is no PostgreSQL.
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../../runtime/chaos/mode-plan.ts';
import { defineScenario } from '../../../runtime/chaos/scenario.ts';

const script = async () => {};
const single = defineScenario({ name: 'single', summary: '', workers: 1, script });
const simOnly = defineScenario({ name: 'sim-only', summary: '', workers: 1, modes: ['sim'], script });
const replicated = defineScenario({ name: 'replicated', summary: '', workers: 1, replicas: 2, script });
const all = [single, simOnly, replicated];
const names = (plan: ReturnType<typeof planRuns>) => plan.runs.map((r) => `${r.s.name}/${r.mode}`);

describe('planRuns', () => {
  it('runs each scenario in the modes it allows', () => {
    expect(names(planRuns(all, ['sim', 'real'], true, true))).toEqual(['single/sim', 'sim-only/sim', 'replicated/sim', 'single/real', 'replicated/real']);
  });

  it('over the whole library without PostgreSQL, leaves the replica scenarios out of real mode and says which', () => {
    const plan = planRuns(all, ['sim', 'real'], true, false);
    expect(names(plan)).toEqual(['single/sim', 'sim-only/sim', 'replicated/sim', 'single/real']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['replicated']);
  });

  it('runs a replica scenario named on its own even without PostgreSQL (it then fails saying why)', () => {
    const plan = planRuns([replicated], ['real'], false, false);
    expect(names(plan)).toEqual(['replicated/real']);
    expect(plan.skipped).toEqual([]);
  });
});

// The harness-power mutant catalogue cannot rot silently: every patch still applies to the tree
// (`git apply --check`), names the rule it breaks, and is picked by name or number; and the
// verdict counts a catch only when an invariant names it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseMutants, readCatalogue } from '../../bench/harness-power/catalogue.ts';
import { verdictOf, type PrintedScenario } from '../../bench/harness-power/verdict.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const catalogue = readCatalogue();

describe('the mutant catalogue', () => {
  it('holds at least 40 mutants that are not equivalent, each naming its rule in docs/behaviour.md terms', () => {
    expect(catalogue.filter((m) => !m.equivalent).length).toBeGreaterThanOrEqual(40);
    for (const mutant of catalogue) expect(mutant.rule, mutant.name).toMatch(/^§\d /);
  });

  it('has every patch apply cleanly to the tree on its own, touching machines/ only', () => {
    const stale: string[] = [];
    for (const mutant of catalogue) {
      const check = spawnSync('git', ['apply', '--check', '--numstat', mutant.path], { cwd: repo, encoding: 'utf8' });
      if (check.status !== 0) stale.push(`${mutant.name}: ${check.stderr.trim()}`);
      expect(check.stdout.trim().split('\t')[2], mutant.name).toMatch(/^machines\//);
    }
    expect(stale).toEqual([]);
  });

  it('picks mutants by whole name, name without number, or number, and refuses an unknown one', () => {
    const [first] = catalogue;
    const [number, ...rest] = first!.name.split('-');
    for (const word of [first!.name, rest.join('-'), number!]) expect(chooseMutants(catalogue, [word])).toEqual([first]);
    expect(() => chooseMutants(catalogue, ['no-such-mutant'])).toThrow('no mutant named no-such-mutant');
  });
});

describe('a mutant verdict', () => {
  const scenario = (name: string, failures: PrintedScenario['failures']): PrintedScenario => ({ scenario: name, passed: failures.length === 0, failures });
  const quietCampaign = { failure: null };

  it('is caught, with the invariants and the campaign\'s shrunk size, when an invariant names it', () => {
    const campaign = { failure: { schedule: { steps: [{}, {}] }, replay: 'npx rollcall chaos --replay x', result: { failures: [{ kind: 'invariant' as const, invariant: 'no-job-lost' }] } } };
    const library = [scenario('a', [{ kind: 'timeout' }]), scenario('b', [{ kind: 'invariant', invariant: 'no-false-suspicion' }]), scenario('c', [])];
    expect(verdictOf(library, campaign)).toEqual({
      verdict: 'caught', invariants: ['no-false-suspicion', 'no-job-lost'], scenarios: ['a', 'b'], shrunkSteps: 2, replay: 'npx rollcall chaos --replay x',
    });
  });

  it('names a timeout, a failed check or a crash as such, never as a catch', () => {
    expect(verdictOf([scenario('a', [{ kind: 'timeout' }])], quietCampaign).verdict).toBe('timeout');
    expect(verdictOf([scenario('a', [{ kind: 'check' }])], quietCampaign).verdict).toBe('check');
    expect(verdictOf([scenario('a', [{ kind: 'error' }])], quietCampaign).verdict).toBe('crash');
    expect(verdictOf(null, quietCampaign).verdict).toBe('crash');
    expect(verdictOf([scenario('a', [])], quietCampaign)).toMatchObject({ verdict: 'missed', invariants: [], shrunkSteps: null });
  });
});

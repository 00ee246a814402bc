// The JUnit XML of a chaos run: well-formed (read by a strict reader), one test case per
// scenario and mode, a failure's message its first broken invariant and its replay command.
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../../runtime/chaos/junit-report.ts';
import type { ScenarioResult } from '../../../runtime/chaos/scenario-result.ts';
import { elementsNamed, parseXml } from '../../support/xml-check.ts';

function result(scenario: string, mode: 'sim' | 'real', failures: ScenarioResult['failures'] = []): ScenarioResult {
  return { scenario, mode, seed: 7, passed: failures.length === 0, failures, figures: {}, wallMs: 1234, scenarioMs: 600_000, log: [], replay: `npx rollcall chaos ${scenario} --mode ${mode} --seed 7` };
}

const broken = result('crash-and-restart', 'real', [
  { kind: 'check', message: 'w1 keeps <its> ID & "secret"' },
  { kind: 'invariant', invariant: 'crash-detected-in-time', message: 'crash-detected-in-time: w1 crashed at 1000 ms\nand was never unhealthy', entry: { t: 1000, type: 'fault.crash', node: 'w1' } },
  { kind: 'error', message: 'Error: boom\u001b[31m\n    at x (y.ts:1:1)' },
]);

describe('junitXml', () => {
  it('is well-formed XML with one test case per scenario and mode, grouped by mode', () => {
    const xml = junitXml([result('crash-and-restart', 'sim'), result('registry-restart', 'sim'), broken], [{ scenario: 'leader-crash', mode: 'real', why: 'no PostgreSQL' }]);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', skipped: '1' });
    expect(root.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['rollcall chaos (sim)', '2', '0'],
      ['rollcall chaos (real)', '2', '1'],
    ]);
    const cases = elementsNamed(root, 'testcase').map((c) => `${c.attrs.classname} ${c.attrs.name}`);
    expect(cases).toEqual(['rollcall.chaos.sim crash-and-restart', 'rollcall.chaos.sim registry-restart', 'rollcall.chaos.real crash-and-restart', 'rollcall.chaos.real leader-crash']);
    expect(elementsNamed(root, 'testcase')[0]!.attrs.time).toBe('1.234');
    expect(elementsNamed(root, 'skipped')[0]!.attrs.message).toBe('no PostgreSQL');
  });

  it('leads a failure with the first broken invariant and the replay command; the body has every failure', () => {
    const [failure] = elementsNamed(parseXml(junitXml([broken])), 'failure');
    expect(failure!.attrs.type).toBe('invariant');
    expect(failure!.attrs.message).toBe('crash-detected-in-time: w1 crashed at 1000 ms — replay: npx rollcall chaos crash-and-restart --mode real --seed 7');
    expect(failure!.text).toContain('check: w1 keeps <its> ID & "secret"');
    expect(failure!.text).toContain('first violating event: {"t":1000,"type":"fault.crash","node":"w1"}');
    expect(failure!.text).toContain('Error: boom\uFFFD[31m'); // a terminal escape is no XML character
    expect(failure!.text.trim().split('\n').at(-1)).toBe('replay: npx rollcall chaos crash-and-restart --mode real --seed 7');
  });

  it('leads with the first failure when no invariant broke', () => {
    const [failure] = elementsNamed(parseXml(junitXml([result('s', 'sim', [{ kind: 'timeout', message: 'w1 active did not happen within 1m' }])])), 'failure');
    expect(failure!.attrs).toMatchObject({ type: 'timeout', message: 'w1 active did not happen within 1m — replay: npx rollcall chaos s --mode sim --seed 7' });
  });
});

describe('the strict XML reader', () => {
  it.each([
    ['<a></a>', /declaration/],
    ['<?xml version="1.0"?><a><b></a></b>', /closes/],
    ['<?xml version="1.0"?><a x=1></a>', /malformed/],
    ['<?xml version="1.0"?><a x="1" x="2"></a>', /twice/],
    ['<?xml version="1.0"?><a>&nbsp;</a>', /"&"/],
    ['<?xml version="1.0"?><a>1 < 2</a>', /malformed tag/],
    ['<?xml version="1.0"?><a>\u001b</a>', /character/],
    ['<?xml version="1.0"?><a></a><b></b>', /second root/],
    ['<?xml version="1.0"?><a>', /unclosed/],
  ])('refuses %j', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });
});

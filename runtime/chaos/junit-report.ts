// The JUnit XML of a chaos run, for CI: one <testsuite> per mode and one <testcase> per scenario
// and mode; a failed run's <failure> message is its first broken invariant (else its first
// failure) and the command that replays it, its body every failure with its first violating
// event. Scenarios left out of a mode (a replica scenario without PostgreSQL) are <skipped>.
import { escapeHtml } from '../report/escape.ts';
import type { Mode } from './scenario.ts';
import { headlineFailure, type ScenarioResult } from './scenario-result.ts';

export interface SkippedRun {
  scenario: string;
  mode: Mode;
  why: string;
}

/** Characters XML 1.0 does not allow (a failure's stack trace may hold terminal escapes). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return escapeHtml(text.replace(NOT_XML, '\uFFFD'));
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureXml(result: ScenarioResult): string {
  const first = headlineFailure(result);
  if (!first) return '';
  const replay = result.replay ? ` — replay: ${result.replay}` : '';
  const body = result.failures.flatMap((f) => [`${f.kind}: ${f.message}`, ...(f.entry ? [`  first violating event: ${JSON.stringify(f.entry)}`] : [])]);
  if (result.replay) body.push(`replay: ${result.replay}`);
  return `<failure type="${escapeXml(first.kind)}" message="${escapeXml(first.message.split('\n')[0]! + replay)}">${escapeXml(body.join('\n'))}</failure>`;
}

function testcase(result: ScenarioResult): string {
  const attrs = `name="${escapeXml(result.scenario)}" classname="rollcall.chaos.${result.mode}" time="${seconds(result.wallMs)}"`;
  const props = `<system-out>${escapeXml(`seed ${result.seed}, scenario time ${result.scenarioMs} ms${result.replay ? `\nreplay: ${result.replay}` : ''}`)}</system-out>`;
  return `    <testcase ${attrs}>${failureXml(result)}${props}</testcase>`;
}

function skippedCase(run: SkippedRun): string {
  return `    <testcase name="${escapeXml(run.scenario)}" classname="rollcall.chaos.${run.mode}" time="0"><skipped message="${escapeXml(run.why)}"/></testcase>`;
}

/** The whole file: `<testsuites>` with a `<testsuite>` per mode that ran or was skipped, in run order. */
export function junitXml(results: readonly ScenarioResult[], skipped: readonly SkippedRun[] = [], name = 'rollcall chaos'): string {
  const modes = [...new Set([...results.map((r) => r.mode), ...skipped.map((s) => s.mode)])];
  const suites = modes.map((mode) => {
    const ran = results.filter((r) => r.mode === mode);
    const left = skipped.filter((s) => s.mode === mode);
    const failures = ran.filter((r) => !r.passed).length;
    const time = seconds(ran.reduce((sum, r) => sum + r.wallMs, 0));
    const head = `  <testsuite name="${escapeXml(`${name} (${mode})`)}" tests="${ran.length + left.length}" failures="${failures}" errors="0" skipped="${left.length}" time="${time}">`;
    return [head, ...ran.map(testcase), ...left.map(skippedCase), '  </testsuite>'].join('\n');
  });
  const failures = results.filter((r) => !r.passed).length;
  const total = results.length + skipped.length;
  const time = seconds(results.reduce((sum, r) => sum + r.wallMs, 0));
  return [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="${escapeXml(name)}" tests="${total}" failures="${failures}" errors="0" skipped="${skipped.length}" time="${time}">`, ...suites, '</testsuites>', ''].join('\n');
}

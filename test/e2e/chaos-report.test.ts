// The chaos report in a real browser (Debian's chromium through playwright-core): a simulated
// crash-and-restart run and a copy of it with a planted broken invariant, written with their raw
// events beside the report. Each section lists the invariants checked with their verdicts, a
// failed run its replay command; the 1 ms `failed` state of the crashed worker is drawn at
// least a pixel wide and kept in the legend; the heartbeat rate and the detection latencies are
// plotted; the raw-events link opens the run's log; the page logs no error.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../runtime/chaos/run-scenario.ts';
import type { ScenarioResult } from '../../runtime/chaos/scenario-result.ts';
import { writeReport } from '../../runtime/report/index.ts';
import { exactTime } from '../../runtime/report/time-axis.ts';
import { scenarios } from '../../scenarios/index.ts';
import { launchBrowser, watchedPage } from '../support/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-chaos-report-'));
const reportPath = join(dir, 'chaos report.html');
let browser: Browser;
let page: Page;
const errors: string[] = [];
let passed: ScenarioResult;

beforeAll(async () => {
  passed = await runScenario(scenarios.find((s) => s.name === 'crash-and-restart')!, 'sim', { seed: 1, scale: 0.01 });
  const crash = passed.log.find((e) => e.type === 'fault.crash')!;
  const broken: ScenarioResult = {
    ...passed,
    passed: false,
    failures: [{ kind: 'invariant', invariant: 'crash-detected-in-time', message: 'crash-detected-in-time: w1 crashed and was never judged (planted)', entry: crash }],
  };
  writeReport(reportPath, [passed, broken], { title: 'report under test' });
  browser = await launchBrowser();
  page = await watchedPage(browser, errors);
  await page.goto(pathToFileURL(reportPath).href);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  console.log(`chaos report and screenshot in ${dir}`);
});
afterAll(async () => browser?.close());

const section = (n: number) => page.locator(`#result-${n}`);

describe('chaos report (chromium)', () => {
  it('lists every invariant checked with its verdict, and the replay command of a failed run', async () => {
    const held = section(1).locator('table.invariants tr[data-verdict="held"]');
    expect(await held.count()).toBe(passed.invariants!.length);
    expect(passed.invariants).toContain('crash-detected-in-time');
    expect(await section(1).locator('p.replay').count()).toBe(0);
    const broken = section(2).locator('tr[data-invariant="crash-detected-in-time"]');
    expect(await broken.getAttribute('data-verdict')).toBe('broken');
    expect(await broken.textContent()).toContain('w1 crashed and was never judged (planted)');
    expect(await section(2).locator('tr[data-verdict="held"]').count()).toBe(passed.invariants!.length - 1);
    expect(await section(2).locator('p.replay').textContent()).toBe('replay: npx rollcall chaos crash-and-restart --mode sim --seed 1');
  });

  it("draws the crashed worker's 1 ms failed state at least a pixel wide, and keeps it in the legend", async () => {
    const failed = passed.log.filter((e) => e.type === 'member' && e.to === 'failed');
    expect(failed).toHaveLength(1);
    const next = passed.log.find((e) => e.type === 'member' && e.t > failed[0]!.t)!;
    expect(next.t - failed[0]!.t).toBeLessThan(10); // far below a pixel of a 6-minute run
    const mark = section(1).locator('rect[data-kind="member"][data-state="failed"][data-lane="w1"]');
    expect(await mark.count()).toBe(1);
    const box = (await mark.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(1);
    expect(await mark.locator('title').textContent()).toMatch(/failed for 1ms .*drawn wider than it lasted/);
    expect(await section(1).locator('[data-legend="member:failed"]').textContent()).toBe('failed (jobs requeued)');
  });

  it('plots the heartbeat rate and the detection latency over time', async () => {
    const rate = section(1).locator('[data-chart="heartbeat-rate"] path[data-kind="heartbeat-rate"]');
    expect((await rate.boundingBox())!.width).toBeGreaterThan(500);
    const dots = section(1).locator('[data-chart="detection"] circle[data-kind="detection"]');
    expect(await dots.evaluateAll((all) => all.map((d) => d.getAttribute('data-state')))).toEqual(['unhealthy', 'failed']);
    const detect = passed.figures['detect unhealthy']!.value;
    expect(await dots.first().locator('title').textContent()).toContain(`unhealthy after ${exactTime(detect)}`);
  });

  it('links the raw events of each run, and says how the figures were measured', async () => {
    const href = await section(1).locator('a.events').getAttribute('href');
    expect(href).toBe('chaos%20report.events/01-crash-and-restart-sim.jsonl');
    const lines = readFileSync(join(dir, 'chaos report.events', '01-crash-and-restart-sim.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(passed.log);
    const opened = await browser.newPage();
    await opened.goto(new URL(href!, pathToFileURL(reportPath)).href);
    expect((await opened.locator('body').textContent())!.trim().split('\n')).toHaveLength(passed.log.length);
    await opened.close();
    expect(await section(1).locator('p.figures-note').textContent()).toMatch(/virtual time .* every 250 ms/);
  });

  it('logs no error', () => {
    expect(errors).toEqual([]);
  });
});

// Renders a sample report (small simulator runs with crashes, a partition, a registry crash and
// a planted violation) to a file and, when /usr/bin/chromium exists, screenshots it headless.
//   node runtime/report/screenshot.ts [OUT_DIR]   → OUT_DIR/timeline-sample.html (+ .png)
// A person's check of the layout; nothing in CI depends on it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { parseFaults } from '../sim/fault-plan.ts';
import { renderTimeline } from './report-html.ts';
import { simulateResult } from './sim-result.ts';

const CHROMIUM = '/usr/bin/chromium';

/** A result with one invariant failure planted on the first member to turn unhealthy. */
function withPlantedViolation(result: ScenarioResult): ScenarioResult {
  const entry = result.log.find((e) => e.type === 'member' && e.to === 'unhealthy') ?? null;
  if (!entry) return result;
  const message = `crash-detected-in-time: ${String(entry.id)} <planted> & "quoted" for the sample`;
  return { ...result, passed: false, failures: [...result.failures, { kind: 'invariant', message, entry, invariant: 'crash-detected-in-time' }] };
}

export function sampleResults(): ScenarioResult[] {
  const small = simulateResult('crash, partition & registry restart', {
    workers: 8,
    durationMs: 20 * 60_000,
    seed: 3,
    jobsPerMinute: 8,
    faults: parseFaults('crash=25%+6m,partition=25%@4m+4m,registry-crash=14m+1m'),
  });
  const mass = simulateResult('mass partition (guard)', {
    workers: 10,
    durationMs: 15 * 60_000,
    seed: 11,
    jobsPerMinute: 10,
    faults: parseFaults('partition=70%@3m+6m,crash=10%'),
  });
  return [withPlantedViolation(small), mass];
}

function screenshot(htmlFile: string, pngFile: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'rollcall-chromium-'));
  try {
    execFileSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--screenshot=${pngFile}`, '--window-size=1400,1000',
      pathToFileURL(htmlFile).href,
    ], { stdio: 'ignore', timeout: 60_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const dir = resolve(process.argv[2] ?? '.');
  const htmlFile = join(dir, 'timeline-sample.html');
  writeFileSync(htmlFile, renderTimeline(sampleResults(), { title: 'rollcall timeline sample', generatedAt: 'sample' }));
  console.log(`wrote ${htmlFile}`);
  if (existsSync(CHROMIUM)) {
    const pngFile = join(dir, 'timeline-sample.png');
    screenshot(htmlFile, pngFile);
    console.log(`wrote ${pngFile}`);
  } else {
    console.log(`no ${CHROMIUM}: screenshot skipped`);
  }
}

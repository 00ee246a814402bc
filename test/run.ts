// Runs the vitest suite and ends with the plain line CI reads: "N passed, N failed".
// vitest's own summary stays on screen; the counts come from its JSON reporter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const dir = mkdtempSync(join(tmpdir(), 'rollcall-test-'));
const reportPath = join(dir, 'vitest.json');
const run = spawnSync(
  'vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...process.argv.slice(2)],
  { stdio: 'inherit', shell: false },
);

let report: JsonReport | undefined;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport;
} catch {
  report = undefined;
}
rmSync(dir, { recursive: true, force: true });

if (!report) {
  console.error(`vitest wrote no report (exit ${run.status ?? run.signal}); counting the run as failed`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
const failed = report.numFailedTests + (run.status !== 0 && report.numFailedTests === 0 ? 1 : 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 ? 0 : 1);

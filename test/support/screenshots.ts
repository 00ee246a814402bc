// Where a browser test's screenshots go: a fresh temporary folder, or, when the environment
// variable DASHBOARD_SCREENSHOTS names a folder, that one, kept after the run. Naming docs/img
// retakes the images of docs/dashboard.md (the tests name their shots as the docs do). Not a
// ROLLCALL_* name: the registries and workers the tests start refuse unknown ones.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function screenshotFolder(prefix: string): string {
  const kept = process.env.DASHBOARD_SCREENSHOTS;
  if (!kept) return mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(kept, { recursive: true });
  return resolve(kept);
}

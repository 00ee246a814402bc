// Writes the report to a file and, beside it, each run's raw events (`r.html` → `r.events/`,
// one JSON-lines file per run, `01-crash-and-restart-sim.jsonl`), which the report links to.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { renderTimeline, type TimelineOptions } from './report-html.ts';

/** The events file name of the i-th result. */
export function eventsFileName(index: number, result: ScenarioResult): string {
  return `${String(index + 1).padStart(2, '0')}-${result.scenario.replace(/[^A-Za-z0-9_-]/g, '_')}-${result.mode}.jsonl`;
}

/** Writes `path` and its events folder; returns the folder's path. */
export function writeReport(path: string, results: readonly ScenarioResult[], options: Omit<TimelineOptions, 'eventsHref'> = {}): string {
  const folderName = `${basename(path).replace(/\.html?$/i, '')}.events`;
  const folder = join(dirname(resolve(path)), folderName);
  mkdirSync(folder, { recursive: true });
  for (const [i, result] of results.entries()) {
    writeFileSync(join(folder, eventsFileName(i, result)), result.log.map((entry) => JSON.stringify(entry) + '\n').join(''));
  }
  writeFileSync(path, renderTimeline(results, { ...options, eventsHref: (i, result) => `${encodeURIComponent(folderName)}/${eventsFileName(i, result)}` }));
  return folder;
}

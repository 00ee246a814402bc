// rollcall's own version, read from its package.json: `rollcall --version`, the `version` of
// both /health probes and the `rollcall_build_info` metric. The file sits two folders up in
// a checkout (runtime/package/) and three in the built package (dist/runtime/package/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let version: string | undefined;

function readVersion(): string {
  for (const up of ['../..', '../../..']) {
    try {
      const json = JSON.parse(readFileSync(join(import.meta.dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === 'rollcall' && json.version) return json.version;
    } catch {
      // not this folder: try the next one up
    }
  }
  return 'unknown';
}

/** The version of this rollcall ("0.1.0"), read once. */
export function rollcallVersion(): string {
  version ??= readVersion();
  return version;
}

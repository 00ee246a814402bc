// Merging a real run's log: wall-clock stamps from the registry's files and the driver's own
// entries become one time-ordered list in production ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RealLog } from '../../../../runtime/chaos/real/merged-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'real-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RealLog', () => {
  it('merges the files and its own entries by wall time, as scenario time in production ms', () => {
    const log = new RealLog(0.01);
    log.startWallMs = 10_000;
    const file = join(dir, 'events-1.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ t: 9_990, type: 'registry.started', members: 0, jobs: 0 }),
        JSON.stringify({ t: 10_050, type: 'member', id: 'w1', from: 'registered', to: 'active.idle' }),
        JSON.stringify({ t: 10_700, type: 'member', id: 'w1', from: 'active.idle', to: 'unhealthy' }),
        '{"t":10800,"type":"mem', // cut short by SIGKILL
      ].join('\n'),
    );
    log.addFile(file);
    log.addFile(join(dir, 'never-written.jsonl'));
    log.write('worker', { node: 'w1', id: 'w1', from: 'registering', to: 'active' }, 10_060);
    log.write('fault.crash', { node: 'w1', id: 'w1' }, 10_050);
    log.write('fault.heal', { nodes: ['w1'] }, 10_900);
    expect(log.merged(10_800)).toEqual([
      { t: 0, type: 'registry.started', members: 0, jobs: 0 },
      { t: 5000, type: 'fault.crash', node: 'w1', id: 'w1' },
      { t: 5000, type: 'member', id: 'w1', from: 'registered', to: 'active.idle' },
      { t: 6000, type: 'worker', node: 'w1', id: 'w1', from: 'registering', to: 'active' },
      { t: 70_000, type: 'member', id: 'w1', from: 'active.idle', to: 'unhealthy' },
    ]);
    expect(log.scenarioMs(10_001)).toBe(100);
  });
});

// The worker's state dir: a secret made on first use and kept, atomic saves, clear errors.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateDir, StateDirError } from '../../../runtime/worker/state-dir.ts';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'rollcall-state-')), 'worker');

describe('worker state dir', () => {
  it('makes a secret on first use and saves it before anything else happens', () => {
    const dir = fresh();
    const state = new StateDir(dir).load();
    expect(state.workerSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(readFileSync(join(dir, 'worker.json'), 'utf8')).workerSecret).toBe(state.workerSecret);
    expect(new StateDir(dir).load()).toEqual(state);
  });

  it('keeps the ID, secret and registry across restarts', () => {
    const dir = fresh();
    const stateDir = new StateDir(dir);
    const state = stateDir.load();
    stateDir.save({ ...state, workerId: 'w-7', registry: ['127.0.0.1:50051'] });
    expect(new StateDir(dir).load()).toEqual({ workerSecret: state.workerSecret, workerId: 'w-7', registry: ['127.0.0.1:50051'] });
  });

  it('refuses a corrupt file with one clear line naming it', () => {
    const dir = fresh();
    new StateDir(dir).load();
    writeFileSync(join(dir, 'worker.json'), '{ not json');
    expect(() => new StateDir(dir).load()).toThrow(StateDirError);
    expect(() => new StateDir(dir).load()).toThrow(/worker\.json is not valid JSON/);
    writeFileSync(join(dir, 'worker.json'), '{"workerId":"x"}');
    expect(() => new StateDir(dir).load()).toThrow(/has no worker secret/);
  });

  it('reports a directory it cannot create', () => {
    const parent = mkdtempSync(join(tmpdir(), 'rollcall-state-'));
    writeFileSync(join(parent, 'file'), '');
    expect(() => new StateDir(join(parent, 'file', 'worker')).load()).toThrow(/cannot create state dir .*ENOTDIR/);
  });

  it('reports a state file it cannot write', () => {
    const dir = fresh();
    const stateDir = new StateDir(dir);
    const state = stateDir.load();
    mkdirSync(join(dir, 'worker.json.tmp'));
    expect(() => stateDir.save(state)).toThrow(/cannot write .*worker\.json: EISDIR/);
  });
});

// The replica scenarios in the simulator (issue #9) show what they claim, in their logs: a
// takeover bumps the epoch, a zombie's late write is refused by the database, each eviction
// happens once, a run replays byte for byte from its seed — and a database that did not fence
// would be caught by the invariants.
import { describe, expect, it } from 'vitest';
import { runSimScenario } from '../../../../runtime/chaos/sim/run-sim-scenario.ts';
import { fencedWrites } from '../../../../runtime/invariants/fenced-writes.invariant.ts';
import { registrationKept } from '../../../../runtime/invariants/registration-kept.invariant.ts';
import type { LogEntry } from '../../../../runtime/events/log-entry.ts';
import leaderCrash from '../../../../scenarios/leader-crash.scenario.ts';
import leaderPause from '../../../../scenarios/leader-pause.scenario.ts';
import racingEviction from '../../../../scenarios/racing-eviction.scenario.ts';
import { boundsFor } from '../../../../runtime/invariants/bounds.ts';
import { defaultRegistryConfig } from '../../../../machines/registry/registry.config.ts';
import { defaultWorkerConfig } from '../../../../machines/worker.config.ts';

const of = (log: readonly LogEntry[], type: string) => log.filter((e) => e.type === type);

describe('replica scenarios in the simulator', () => {
  it('leader-crash: the standby leads the next epoch and loads every member and job', async () => {
    const { passed, log, figures } = await runSimScenario(leaderCrash, { seed: 2 });
    expect(passed).toBe(true);
    expect(of(log, 'replica.leading').map((e) => [e.replica, e.epoch])).toEqual([['r1', 1], ['r2', 2]]);
    expect(of(log, 'registry.restarted')).toEqual([expect.objectContaining({ replica: 'r2', members: 3, jobs: 4 })]);
    expect(figures.failover!.value).toBeLessThanOrEqual(12_000); // TTL 10 s + renew 2 s
  });

  it('leader-pause: the resumed ex-leader steps down, and nothing it believed was written', async () => {
    const { passed, log } = await runSimScenario(leaderPause, { seed: 3 });
    expect(passed).toBe(true);
    const stepped = of(log, 'replica.stepped-down');
    expect(stepped).toEqual([expect.objectContaining({ replica: 'r1' })]);
    const resumedAt = of(log, 'registry.resumed')[0]!.t;
    expect(of(log, 'member').filter((e) => e.t >= resumedAt && e.replica === 'r1')).toEqual([]);
  });

  it('racing-eviction: the cut-off leader\'s eviction arrives late and is refused; the worker moves to unhealthy once', async () => {
    const { passed, log } = await runSimScenario(racingEviction, { seed: 1 });
    expect(passed).toBe(true);
    const refused = of(log, 'db.write.refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.holder === 'r1/1' && e.epoch === 1)).toBe(true);
    expect(refused[0]!.t).toBeGreaterThanOrEqual(of(log, 'db.healed')[0]!.t);
    expect(of(log, 'member').filter((e) => e.id === 'w1' && e.to === 'unhealthy').map((e) => e.replica)).toEqual(['r2']);
  });

  it('the same seed replays the same log; another seed gives another', async () => {
    const [a, b, c] = await Promise.all([runSimScenario(leaderPause, { seed: 5 }), runSimScenario(leaderPause, { seed: 5 }), runSimScenario(leaderPause, { seed: 6 })]);
    expect(JSON.stringify(b.log)).toBe(JSON.stringify(a.log));
    expect(JSON.stringify(c.log)).not.toBe(JSON.stringify(a.log));
  });

  it('a database that does not fence is caught: the zombie\'s write lands after the next epoch\'s', async () => {
    const result = await runSimScenario(racingEviction, { seed: 1, fence: false });
    expect(result.passed).toBe(false);
    expect(result.failures.map((f) => f.message)).toEqual(['fenced-writes: r1/1 (epoch 1) wrote after epoch 2 had written']);
  });
});

describe('replica invariants on made-up logs', () => {
  const bounds = boundsFor(defaultRegistryConfig, defaultWorkerConfig, 5_000, 1_000);
  const entry = (t: number, type: string, fields: Record<string, unknown>) => ({ t, type, ...fields }) as LogEntry;

  it('fenced-writes: epochs of accepted writes never go back', () => {
    const writers = (...epochs: number[]) => epochs.map((epoch, i) => entry(i, 'db.writer', { holder: `r${epoch}`, epoch }));
    expect(fencedWrites.check(writers(1, 2, 2, 3), bounds)).toBeNull();
    expect(fencedWrites.check(writers(1, 3, 2), bounds)?.message).toBe('r2 (epoch 2) wrote after epoch 3 had written');
  });

  it('acknowledged-registration-kept: every worker told it is registered is in the database at the end, unless removed', () => {
    const active = (id: string) => entry(1, 'worker', { node: id, id, from: 'registering', to: 'active' });
    const stored = (...ids: string[]) => entry(9, 'db.members', { ids });
    expect(registrationKept.check([active('w1'), active('w2'), stored('w1', 'w2')], bounds)).toBeNull();
    expect(registrationKept.check([active('w1'), active('w2'), entry(5, 'member.removed', { id: 'w2' }), stored('w1')], bounds)).toBeNull();
    expect(registrationKept.check([active('w1'), active('w2'), stored('w1')], bounds)?.message).toBe('w2 was acknowledged as registered but is not in the database');
  });
});

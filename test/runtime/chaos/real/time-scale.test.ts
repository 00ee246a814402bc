// The time scale of real mode: what the processes run with, as flags, and the bounds judged.
import { describe, expect, it } from 'vitest';
import { realSettings, REAL_SLACK_MS, scaleFor } from '../../../../runtime/chaos/real/time-scale.ts';
import { ms } from '../../../../runtime/chaos/duration.ts';
import { defineScenario } from '../../../../runtime/chaos/scenario.ts';

const scenario = (extra: object = {}) => defineScenario({ name: 's', summary: '', workers: 1, script: async () => {}, ...extra });

function flag(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(name);
  return i < 0 ? undefined : flags[i + 1];
}

describe('realSettings', () => {
  it('scales every registry duration by 0.01 by default, keeping the fine-grained ones small', () => {
    const s = realSettings(scenario());
    expect(s.registry.heartbeatIntervalMs).toBe(300);
    expect(s.registry.unhealthyAfterMs).toBe(1200);
    expect(s.registry.restartGraceMs).toBe(3000);
    expect(s.registry.deadlineResolutionMs).toBe(10);
    expect(s.registry.heartbeatFlushIntervalMs).toBe(10);
    expect(s.registry.dialTimeoutMs).toBe(300); // 30 ms would not survive a loaded machine, nor did 150 ms
    expect(s.registry.massFailureFraction).toBe(0.55); // not a duration
    expect(flag(s.registryFlags, '--unhealthy-after')).toBe('1200ms');
    expect(flag(s.registryFlags, '--mass-failure-fraction')).toBeUndefined();
  });

  it('applies the scenario settings before scaling, and passes changed non-durations as they are', () => {
    const s = realSettings(scenario({ registry: { unhealthyAfterMs: 60_000, massFailureMinMembers: 3, flapCooldownMs: 0 }, worker: { maxDelayMs: 10_000 } }), 0.005);
    expect(flag(s.registryFlags, '--unhealthy-after')).toBe('300ms');
    expect(flag(s.registryFlags, '--mass-failure-min-members')).toBe('3');
    expect(flag(s.registryFlags, '--flap-cooldown')).toBe('0ms');
    expect(s.registry.deadlineResolutionMs).toBe(5);
    expect(flag(s.workerFlags, '--max-delay')).toBe('50ms');
  });

  it('floors worker durations that would mean nothing when scaled', () => {
    const s = realSettings(scenario());
    expect(s.worker.initialDelayMs).toBe(20); // 100 ms × 0.01 = 1 ms
    expect(s.worker.rpcTimeoutMs).toBe(300); // 5 s × 0.01 = 50 ms
    expect(s.worker.heartbeatIntervalMs).toBe(300);
    expect(flag(s.workerFlags, '--rpc-timeout')).toBe('300ms');
    expect(flag(s.workerFlags, '--initial-delay')).toBe('20ms');
    expect(flag(s.workerFlags, '--max-attempts')).toBeUndefined();
  });

  it('judges by the settings the processes ran with, in production ms, plus the real-mode slack', () => {
    const s = realSettings(scenario());
    const b = s.bounds(600_000);
    expect(b.unhealthyAfterMs).toBe(120_000);
    expect(b.healthCheckIntervalMs).toBe(120_000);
    expect(b.endMs).toBe(600_000);
    // 2 × deadline resolution (10 ms real = 1 s) + the floored RPC timeout (300 ms real = 30 s) + 250 ms real.
    expect(b.slackMs).toBe(2 * 1000 + 30_000 + REAL_SLACK_MS / 0.01);
    expect(realSettings(scenario(), 0.001).bounds(0).slackMs).toBeGreaterThan(b.slackMs);
  });

  it('slows a scenario whose workers crowd the cores, so each keeps its share of a core per heartbeat', () => {
    const crowd = scenario({ workers: 40 });
    // Forty worker processes on two cores: at 0.01 a 1.44 s gap under load broke the 1.2 s unhealthyAfter.
    expect(scaleFor(crowd, 0.01, 2)).toBe(0.02);
    expect(realSettings(crowd, scaleFor(crowd, 0.01, 2)).registry.unhealthyAfterMs).toBe(2400);
    expect(scaleFor(crowd, 0.01, 4)).toBe(0.01); // ten per core fit
    expect(scaleFor(scenario({ workers: 20 }), 0.01, 2)).toBe(0.01);
    expect(scaleFor(crowd, 0.05, 2)).toBe(0.05); // a slower run stays as slow
    expect(scaleFor(scenario({ workers: 2, realScale: 0.1 }), 0.01, 2)).toBe(0.1);
  });

  it('refuses a scale outside (0, 1]', () => {
    expect(() => realSettings(scenario(), 0)).toThrow(/scale/);
    expect(() => realSettings(scenario(), 2)).toThrow(/scale/);
  });

  it('reads durations as strings with units or as milliseconds', () => {
    expect(ms('2m')).toBe(120_000);
    expect(ms('1m30s')).toBe(90_000);
    expect(ms(250)).toBe(250);
  });
});

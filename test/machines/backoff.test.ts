import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCapMs, backoffDelayMs, type BackoffPolicy } from '../../machines/backoff.ts';
import { seedRandom } from '../../machines/random.ts';
import { defaultWorkerConfig } from '../../machines/worker.config.ts';

// A fixed seed keeps CI reproducible; FC_SEED=<n> explores others. fast-check names the seed
// and the shrunk counterexample in every failure message.
const seed = Number(process.env.FC_SEED ?? 20261123);

const policyArb = fc
  .record({
    initialDelayMs: fc.integer({ min: 1, max: 10_000 }),
    extraMs: fc.integer({ min: 0, max: 600_000 }),
    factor: fc.double({ min: 1, max: 4, noNaN: true }),
    jitter: fc.boolean(),
    maxAttempts: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ extraMs, ...rest }): BackoffPolicy => ({ ...rest, maxDelayMs: rest.initialDelayMs + extraMs }));

const noJitter: BackoffPolicy = { ...defaultWorkerConfig, jitter: false };

describe('backoffCapMs', () => {
  it('doubles from initialDelayMs, then holds maxDelayMs from maxAttempts failures on', () => {
    const caps = [1, 2, 3, 4, 5, 6, 20].map((failures) => backoffCapMs(noJitter, failures));
    expect(caps).toEqual([100, 200, 400, 800, 30_000, 30_000, 30_000]);
  });

  it('never exceeds maxDelayMs, even when the exponential overflows', () => {
    const policy: BackoffPolicy = { ...noJitter, maxAttempts: 10_000, factor: 10 };
    expect(backoffCapMs(policy, 5_000)).toBe(30_000);
  });

  it('is non-decreasing in the failure count and bounded by [initialDelayMs, maxDelayMs]', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 60 }), (policy, failures) => {
        const cap = backoffCapMs(policy, failures);
        expect(backoffCapMs(policy, failures + 1)).toBeGreaterThanOrEqual(cap);
        expect(cap).toBeGreaterThanOrEqual(policy.initialDelayMs);
        expect(cap).toBeLessThanOrEqual(policy.maxDelayMs);
        if (failures >= policy.maxAttempts) expect(cap).toBe(policy.maxDelayMs);
      }),
      { seed },
    );
  });
});

describe('backoffDelayMs', () => {
  it('without jitter returns the cap and leaves the PRNG untouched', () => {
    const rng = seedRandom(7);
    expect(backoffDelayMs(noJitter, 3, rng)).toEqual([400, rng]);
  });

  it('with equal jitter stays in [cap/2, cap] and consumes one draw', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 30 }), fc.integer(), (policy, failures, s) => {
        const rng = seedRandom(s);
        const [delayMs, next] = backoffDelayMs({ ...policy, jitter: true }, failures, rng);
        const cap = backoffCapMs(policy, failures);
        expect(delayMs).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(delayMs).toBeLessThanOrEqual(cap);
        expect(Number.isInteger(delayMs)).toBe(true);
        expect(next).not.toBe(rng);
      }),
      { seed },
    );
  });

  it('never goes below the floor (a retry-after) and equals it when the floor is larger', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 30 }), fc.nat(4_000_000), fc.integer(), (policy, failures, floorMs, s) => {
        const [delayMs] = backoffDelayMs(policy, failures, seedRandom(s), floorMs);
        const [unfloored] = backoffDelayMs(policy, failures, seedRandom(s));
        expect(delayMs).toBe(Math.max(unfloored, floorMs));
      }),
      { seed },
    );
  });

  it('is a pure function of its arguments', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 30 }), fc.integer(), (policy, failures, s) => {
        expect(backoffDelayMs(policy, failures, seedRandom(s))).toEqual(backoffDelayMs(policy, failures, seedRandom(s)));
      }),
      { seed },
    );
  });

  it('spreads retries of different workers over the jitter window', () => {
    const policy: BackoffPolicy = { ...defaultWorkerConfig };
    const delays = Array.from({ length: 200 }, (_, s) => backoffDelayMs(policy, 5, seedRandom(s))[0]);
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeLessThan(17_000);
    expect(Math.max(...delays)).toBeGreaterThan(28_000);
  });
});

// The seeded random source the simulator and the registry core draw from (docs/behaviour.md §6:
// one seeded random source, so the same seed replays the same run).
import { describe, expect, it } from 'vitest';
import { nextRandom, SeededChance, SeededRandom, seedRandom } from '../../machines/random.ts';

describe('seeded random', () => {
  it('the same seed and stream give the same draws; another stream gives others', () => {
    const draws = (r: SeededRandom) => Array.from({ length: 5 }, () => r.next());
    expect(draws(new SeededRandom(42, 1))).toEqual(draws(new SeededRandom(42, 1)));
    expect(draws(new SeededRandom(42, 2))).not.toEqual(draws(new SeededRandom(42, 1)));
  });

  it('is mulberry32, and a seed draws what it drew before: a replay line printed by an earlier run must replay that run', () => {
    expect(nextRandom(0)).toEqual([0.26642920868471265, 1831565813]); // mulberry32's first value from state 0
    expect(seedRandom(2026, 3)).toBe(1194919884);
    const r = new SeededRandom(2026, 3);
    expect([r.next(), r.next(), r.next()]).toEqual([0.011854558484628797, 0.6885291296057403, 0.8676238341722637]);
  });

  it('int(min, max) draws every integer from min to max inclusive, and nothing else', () => {
    const r = new SeededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 600; i++) seen.add(r.int(3, 8));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('chance(p) is true exactly when the draw falls in [0, p)', () => {
    const draw = new SeededRandom(11).next();
    expect(new SeededRandom(11).chance(draw)).toBe(false);
    expect(new SeededRandom(11).chance(draw + 1e-9)).toBe(true);
    const r = new SeededRandom(11);
    let hits = 0;
    for (let i = 0; i < 2000; i++) if (r.chance(0.25)) hits++;
    expect(hits).toBeGreaterThan(400);
    expect(hits).toBeLessThan(600);
  });

  it('tokens are 32 hex digits, different each time, and the same for the same seed', () => {
    const a = new SeededChance(3);
    const first = a.token();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(a.token()).not.toBe(first);
    expect(new SeededChance(3).token()).toBe(first);
  });
});

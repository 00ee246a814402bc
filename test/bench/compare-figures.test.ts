// bench compare's arithmetic: figures flattened from a bench's JSON, medians per side and the
// head/base ratio taken pair by pair, and the table that separates moving figures from fixed ones.
import { describe, expect, it } from 'vitest';
import { formatComparison } from '../../bench/compare/comparison-table.ts';
import { compareFigures, flattenFigures } from '../../bench/compare/figure-ratios.ts';
import { median } from '../../bench/support/stats.ts';

describe('bench compare figures', () => {
  it('flattens nested numbers to dotted paths and drops everything else', () => {
    expect(flattenFigures({ wallMs: 10, network: { delivered: 5, lost: 0 }, label: 'x', ok: true, list: [1, 2], bad: Number.NaN })).toEqual({
      wallMs: 10,
      'network.delivered': 5,
      'network.lost': 0,
      'list.0': 1,
      'list.1': 2,
    });
  });

  it('takes the median, the mean of the middles for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('pairs run i of head with run i of base, so a drifting machine cancels out', () => {
    // The machine halves its speed between the first and the second pair; head is 10 % faster in both.
    const base = [{ wallMs: 100 }, { wallMs: 200 }];
    const head = [{ wallMs: 90 }, { wallMs: 180 }];
    const [row] = compareFigures(base, head);
    expect(row).toMatchObject({ name: 'wallMs', base: 150, head: 135 });
    expect(row!.ratio).toBeCloseTo(0.9);
    expect(row!.spread[0]).toBeCloseTo(0.9);
    expect(row!.spread[1]).toBeCloseTo(0.9);
  });

  it('leaves out a figure one side does not report in every run', () => {
    const rows = compareFigures([{ a: 1, b: 2 }, { a: 1 }], [{ a: 2, b: 2 }, { a: 2, b: 2 }]);
    expect(rows.map((row) => row.name)).toEqual(['a']);
  });

  it('lists figures that never moved apart from the ones that did', () => {
    const rows = compareFigures([{ wallMs: 100, workers: 10 }], [{ wallMs: 50, workers: 10 }]);
    const text = formatComparison({ base: 'b', head: 'h', runs: 1, flags: [] }, [{ bench: 'sim', rows }]);
    expect(text).toMatch(/wallMs\s+100\s+50\s+0\.50x/);
    expect(text).toContain('same in every run: workers=10');
  });
});

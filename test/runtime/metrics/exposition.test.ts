// The hand-kept histogram (metrics/exposition.ts) that the registry's heartbeat-handling series
// moved to from prom-client: for the same observations it writes the lines prom-client wrote,
// so scrapers (and the heartbeat bench's cross-check) read the same series.
import fc from 'fast-check';
import { Histogram as PromHistogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Histogram, renderFamilies } from '../../../runtime/metrics/exposition.ts';
import { propertyParams } from '../../support/property.ts';

const BOUNDS = [0.00001, 0.000025, 0.0001, 0.001, 0.1, 1];
const NAME = 'handling_seconds';

/** The exposition lines prom-client writes for `values` observed under `{ api }`. */
async function promLines(values: readonly number[], api: string): Promise<string[]> {
  const prom = new Registry();
  const histogram = new PromHistogram({ name: NAME, help: 'h', labelNames: ['api'], buckets: BOUNDS, registers: [prom] });
  for (const value of values) histogram.observe({ api }, value);
  return (await prom.metrics()).split('\n').filter((line) => line !== '');
}

function ownLines(values: readonly number[], api: string): string[] {
  const histogram = new Histogram(BOUNDS);
  for (const value of values) histogram.observe(value);
  return renderFamilies([{ name: NAME, type: 'histogram', help: 'h', samples: histogram.samples({ api }) }]).split('\n').filter((line) => line !== '');
}

describe('the hand-kept histogram', () => {
  it('writes, label for label and count for count, what prom-client writes for the same observations', async () => {
    const value = fc.oneof(fc.constantFrom(0, ...BOUNDS, 2), fc.double({ min: 0, max: 3, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 40 }), fc.constantFrom('grpc', 'rest'), async (values, api) => {
        expect(ownLines(values, api)).toEqual(await promLines(values, api));
      }),
      propertyParams(200),
    );
  });

  it('counts a value above every bound only under +Inf, and one equal to a bound in that bound', () => {
    const histogram = new Histogram([1, 2]);
    for (const value of [1, 2, 5]) histogram.observe(value);
    expect(histogram.count).toBe(3);
    expect(histogram.samples().map((s) => s.value)).toEqual([1, 2, 3, 8, 3]);
  });
});

// The summaries' durations ("1h30m", "2m"): a value just under a whole minute rounds up to it,
// never to "1m60s" (the sim summary printed that).
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../runtime/config/units.ts';

describe('formatDuration', () => {
  it.each([
    [119_600, '2m'],
    [3_599_700, '1h'],
    [61_000, '1m1s'],
    [59_400, '59.4s'],
    [90 * 60_000, '1h30m'],
    [750, '750ms'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

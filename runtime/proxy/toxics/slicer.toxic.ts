// slicer: splits each chunk into pieces of about `average_size` ± `size_variation` bytes by
// recursive bisection, waiting `delay` µs after each piece.
import type { ToxicKind } from './toxic.ts';

interface SlicerAttributes extends Record<string, number> {
  average_size: number;
  size_variation: number;
  delay: number;
}

// Piece boundaries of [start, end): Toxiproxy's bisection. Terminates for average >= 1 and
// 0 <= variation < average (then both halves of every split are non-empty).
export function sliceBounds(start: number, end: number, a: SlicerAttributes, random: () => number): number[] {
  if (end - start - a.average_size <= a.size_variation) return [start, end];
  let mid = start + Math.floor((end - start) / 2);
  if (a.size_variation > 0) mid += Math.floor(random() * 2 * a.size_variation) - a.size_variation;
  return [...sliceBounds(start, mid, a, random), ...sliceBounds(mid, end, a, random)];
}

export const slicer: ToxicKind<SlicerAttributes> = {
  type: 'slicer',
  goStruct: 'SlicerToxic',
  goInt: 'int',
  defaults: { average_size: 0, size_variation: 0, delay: 0 },
  // Toxiproxy recurses for ever on average_size 0 and can index out of range when
  // size_variation >= average_size; we refuse both.
  check: (a) =>
    a.average_size < 1 ? 'slicer average_size must be at least 1'
    : a.size_variation < 0 || a.size_variation >= a.average_size ? 'slicer size_variation must be at least 0 and less than average_size'
    : undefined,
  async pipe(stub, attributes) {
    const delayMs = attributes.delay / 1000;
    for (;;) {
      const chunk = await stub.read();
      if (chunk === 'interrupted' || chunk === 'timeout') return;
      if (chunk === 'eof') return stub.close();
      const bounds = sliceBounds(0, chunk.data.length, attributes, () => stub.random());
      for (let i = 1; i < bounds.length; i += 2) {
        stub.write({ data: chunk.data.subarray(bounds[i - 1], bounds[i]), at: chunk.at });
        if (delayMs > 0 && !(await stub.sleep(delayMs))) {
          const rest = chunk.data.subarray(bounds[i]);
          if (rest.length > 0) stub.write({ data: rest, at: chunk.at });
          return;
        }
      }
    }
  },
};

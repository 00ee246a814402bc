// State bands: a lane's states over time as segments. Consecutive identical states are one
// segment; changes too brief to see at the report's resolution are folded into the segment
// before them (and counted in its hover title), which keeps a long run's file small.

export interface Segment {
  from: number;
  to: number;
  state: string;
  /** Why the band began (a member entry's `reason`), if the log says. */
  reason: string | null;
  /** Brief changes folded into this segment. */
  folded: number;
}

export interface StateChange {
  t: number;
  state: string;
  reason: string | null;
}

/** Segments from time-ordered changes; the last one runs to `endMs`. */
export function bandsOf(changes: readonly StateChange[], endMs: number): Segment[] {
  const out: Segment[] = [];
  for (const [i, change] of changes.entries()) {
    const to = Math.max(change.t, changes[i + 1]?.t ?? endMs);
    const last = out.at(-1);
    if (last && last.state === change.state) {
      last.to = to;
      continue;
    }
    out.push({ from: change.t, to, state: change.state, reason: change.reason, folded: 0 });
  }
  return out;
}

/** Folds segments shorter than `minMs` into the one before; then merges equal neighbours. */
export function foldBrief(segments: readonly Segment[], minMs: number): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const last = out.at(-1);
    if (last && (segment.to - segment.from < minMs || last.state === segment.state)) {
      last.to = segment.to;
      last.folded += segment.state === last.state ? segment.folded : 1 + segment.folded;
      continue;
    }
    out.push({ ...segment });
  }
  return out;
}

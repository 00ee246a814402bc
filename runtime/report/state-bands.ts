// State bands: a lane's states over time as segments. Consecutive identical states are one
// segment; changes too brief to see at the report's resolution are folded into the segment
// before them (and counted in its hover title), which keeps a long run's file small. Each state
// a segment folded in is kept once (its first time), so it is still drawn, wider than it lasted,
// and named in the legend: a `failed` that lasted 1 ms before a re-registration is a fact.

export interface Segment {
  from: number;
  to: number;
  state: string;
  /** Why the band began (a member entry's `reason`), if the log says. */
  reason: string | null;
  /** Brief changes folded into this segment. */
  folded: number;
  /** The first brief stretch of each other state folded in, to draw at a minimum width. */
  brief: BriefState[];
}

export interface BriefState {
  t: number;
  state: string;
  /** How long it really lasted. */
  ms: number;
  reason: string | null;
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
    out.push({ from: change.t, to, state: change.state, reason: change.reason, folded: 0, brief: [] });
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
      const own = segment.state === last.state ? [] : [{ t: segment.from, state: segment.state, ms: segment.to - segment.from, reason: segment.reason }];
      for (const brief of [...own, ...segment.brief]) {
        if (brief.state !== last.state && !last.brief.some((b) => b.state === brief.state)) last.brief.push(brief);
      }
      continue;
    }
    out.push({ ...segment, brief: [...segment.brief] });
  }
  return out;
}

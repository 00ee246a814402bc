// One worker's lane: a fault strip on top (down-time, partitions, link faults), the registry's
// view of the member as the main band, the worker process's own state as a thin band below,
// job marks at the bottom, and crash instants as red lines across the lane.
import type { Lane } from './timeline-model.ts';
import type { Segment } from './state-bands.ts';
import { faultKinds, jobOutcomes, memberStates, swatchOf, workerStates, type Swatch } from './palette.ts';
import { line, pin, rect, text } from './svg-parts.ts';
import type { TimeAxis } from './time-axis.ts';
import { exactTime } from './time-axis.ts';

export const LANE = { height: 36, down: [1, 3], fault: [4, 6], member: [11, 13], worker: [25, 4], jobs: [30, 4] } as const;
export const LABEL_CHARS_MAX = 22;
/** The narrowest a state is drawn, in SVG units (about a screen pixel at the report's width), however briefly it lasted. */
export const BRIEF_WIDTH_MIN = 2;

/** Keys of what was drawn (`member:unhealthy`, `fault:partition`…), for the legend. */
export type Drawn = Set<string>;

function span(from: number, to: number): string {
  return `${exactTime(from)} → ${exactTime(to)}, ${exactTime(to - from).replace(/ \(.*\)$/, '')}`;
}

function folded(count: number): string {
  return count > 0 ? `; ${count} brief change${count === 1 ? '' : 's'} folded in` : '';
}

export function laneLabel(lane: Lane, y: number, labelRight: number): string {
  const name = lane.name.length > LABEL_CHARS_MAX ? `${lane.name.slice(0, LABEL_CHARS_MAX - 1)}…` : lane.name;
  const ids = lane.members.length > 0 && (lane.members.length > 1 || lane.members[0] !== lane.name) ? `; member ${lane.members.join(', ')}` : '';
  const jobs = lane.jobs.omitted > 0 ? `; ${lane.jobs.omitted} more job assignments not drawn` : '';
  return text(labelRight, y + LANE.member[0] + 10, name, { anchor: 'end', cls: 'lane-name', title: `${lane.name}${ids}${jobs}` });
}

/** The fill of a swatch: its colour, or the SVG's hatch pattern of that colour. */
export function fillOf(swatch: Swatch, svgId: string): string {
  return swatch.hatched ? `url(#${svgId}-hatch-${swatch.colour.slice(1)})` : swatch.colour;
}

export function laneSvg(lane: Lane, y: number, axis: TimeAxis, drawn: Drawn, svgId: string): string {
  const out: string[] = [];
  const box = (from: number, to: number, [dy, height]: readonly [number, number]) => ({ x: axis.x(from), y: y + dy, width: axis.x(to) - axis.x(from), height });
  for (const w of lane.faults) {
    const swatch = swatchOf(faultKinds, w.kind);
    drawn.add(`fault:${w.kind}`);
    out.push(rect(box(w.from, w.to, w.kind === 'down' ? LANE.down : LANE.fault), fillOf(swatch, svgId), { kind: 'fault', state: w.kind, lane: lane.name }, `${lane.name}: ${w.detail}; ${span(w.from, w.to)}`));
  }
  const bands = (kind: 'member' | 'worker', view: string, segments: readonly Segment[], table: Readonly<Record<string, Swatch>>, at: readonly [number, number]) => {
    for (const s of segments) {
      drawn.add(`${kind}:${s.state}`);
      const title = `${lane.name} (${view}): ${s.state}, ${span(s.from, s.to)}${s.reason ? `; ${s.reason}` : ''}${folded(s.folded)}`;
      out.push(rect(box(s.from, s.to, at), swatchOf(table, s.state).colour, { kind, state: s.state, lane: lane.name }, title));
    }
    // Drawn after every band, so a neighbour's band does not cover them.
    for (const b of segments.flatMap((s) => s.brief)) {
      drawn.add(`${kind}:${b.state}`);
      const title = `${lane.name} (${view}): ${b.state} for ${exactTime(b.ms).replace(/ \(.*\)$/, '')} from ${exactTime(b.t)}, drawn wider than it lasted${b.reason ? `; ${b.reason}` : ''}`;
      const mark = box(b.t, b.t + b.ms, at);
      out.push(rect({ ...mark, width: Math.max(mark.width, BRIEF_WIDTH_MIN) }, swatchOf(table, b.state).colour, { kind, state: b.state, lane: lane.name, brief: 'true' }, title));
    }
  };
  bands('member', 'registry view', lane.member, memberStates, LANE.member);
  bands('worker', 'worker process', lane.worker, workerStates, LANE.worker);
  for (const job of lane.jobs.marks) {
    drawn.add(`job:${job.outcome}`);
    const title = `${job.id} attempt ${job.attempt} on ${job.member}: assigned ${exactTime(job.from)} → ${job.outcome} ${exactTime(job.to)}`;
    const mark = box(job.from, job.to, LANE.jobs);
    out.push(rect({ ...mark, width: Math.max(mark.width, 1.5) }, swatchOf(jobOutcomes, job.outcome).colour, { kind: 'job', state: job.outcome, lane: lane.name }, title));
  }
  for (const crash of lane.crashes) {
    drawn.add('fault:crash');
    const x = axis.x(crash.t);
    const title = `${crash.detail} at ${exactTime(crash.t)}`;
    out.push(line(x, y, x, y + LANE.height - 1, faultKinds.crash!.colour, 1.5, { kind: 'crash', lane: lane.name, t: String(crash.t) }, title));
    out.push(pin(x, y + LANE.fault[0] + LANE.fault[1], faultKinds.crash!.colour, { kind: 'crash-pin', lane: lane.name }, title));
  }
  return out.join('');
}

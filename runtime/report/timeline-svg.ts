// A result's timeline as one inline SVG: the time axis top and bottom, one row per violated
// invariant naming it, a registry row (down-time, guard), then one lane per worker. Registry
// down-time and guard windows also shade the full height; each violation is a vertical marker
// at its first violating entry's time, thick on its lane.
import { escapeHtml, num } from './escape.ts';
import { faultKinds, swatchOf } from './palette.ts';
import { hatchDefs } from './svg-parts.ts';
import { fillOf, LANE, laneLabel, laneSvg, type Drawn } from './lane-svg.ts';
import { line, rect, text } from './svg-parts.ts';
import { exactTime, timeAxis, type TimeAxis } from './time-axis.ts';
import type { Timeline, ViolationMark } from './timeline-model.ts';

export const LAYOUT = { width: 1360, labelWidth: 170, plotWidth: 1150, axisHeight: 22, noteHeight: 16, registryHeight: 16, gap: 6 } as const;

export interface TimelineSvg {
  svg: string;
  drawn: Drawn;
  axis: TimeAxis;
}

function axisSvg(axis: TimeAxis, y: number, top: number, bottom: number, below: boolean): string {
  const out: string[] = [];
  for (const tick of axis.ticks) {
    const x = axis.x(tick.ms);
    if (!below) out.push(line(x, top, x, bottom, '#e0e0e0', 1, { kind: 'grid' }, null));
    out.push(text(x, y, tick.label, { anchor: 'middle', cls: 'tick' }));
  }
  return out.join('');
}

function registryRow(timeline: Timeline, axis: TimeAxis, y: number, drawn: Drawn, id: string): string {
  const h = LAYOUT.registryHeight - 4;
  const out = [text(LAYOUT.labelWidth - 6, y + 11, 'registry', { anchor: 'end', cls: 'lane-name registry', title: 'The registry: down-time and mass-failure guard' })];
  out.push(rect({ x: axis.x0, y, width: axis.width, height: h }, '#eceff1', { kind: 'registry-lane' }, null));
  for (const w of [...timeline.registryDown, ...timeline.guard]) {
    drawn.add(`fault:${w.kind}`);
    const box = { x: axis.x(w.from), y, width: axis.x(w.to) - axis.x(w.from), height: h };
    out.push(rect(box, fillOf(swatchOf(faultKinds, w.kind), id), { kind: w.kind }, `${w.detail}: ${exactTime(w.from)} → ${exactTime(w.to)}`));
  }
  return out.join('');
}

/** Registry down-time: full-height translucent shading (hover reaches the bands below it). */
function shading(timeline: Timeline, axis: TimeAxis, top: number, bottom: number): string {
  return timeline.registryDown
    .map((w) => {
      const box = { x: axis.x(w.from), y: top, width: axis.x(w.to) - axis.x(w.from), height: bottom - top };
      return rect(box, faultKinds[w.kind]!.colour, { kind: `${w.kind}-shade` }, null, ' fill-opacity="0.22" pointer-events="none"');
    })
    .join('');
}

/** Guard windows: dashed full-height edges, so the states inside keep their colours. */
function guardEdges(timeline: Timeline, axis: TimeAxis, top: number, bottom: number): string {
  const colour = faultKinds.guard!.colour;
  const edge = (t: number) => line(axis.x(t), top, axis.x(t), bottom, colour, 1.5, { kind: 'guard-edge' }, null, ' stroke-dasharray="6 3" pointer-events="none"');
  return timeline.guard.map((w) => edge(w.from) + edge(w.to)).join('');
}

/** "invariant: message", without the name twice when the message already starts with it. */
export function noteOf(mark: ViolationMark): string {
  return mark.message.startsWith(`${mark.invariant}: `) ? mark.message : `${mark.invariant}: ${mark.message}`;
}

function violationSvg(mark: ViolationMark, row: number, axis: TimeAxis, laneY: Map<string, number>, top: number, bottom: number): string {
  const colour = faultKinds.violation!.colour;
  const x = axis.x(mark.t);
  const noteY = LAYOUT.axisHeight + row * LAYOUT.noteHeight + 12;
  const title = `${mark.invariant} broken at ${exactTime(mark.t)} (${mark.entryType} entry${mark.lane ? ` on ${mark.lane}` : ''}): ${noteOf(mark)}`;
  const right = x > axis.x0 + axis.width * 0.6;
  const out = [
    line(x, noteY + 2, x, bottom, colour, 1, { kind: 'violation-guide' }, null, ' stroke-dasharray="3 3" pointer-events="none"'),
    text(right ? x - 4 : x + 4, noteY, `✗ ${noteOf(mark)}`, { anchor: right ? 'end' : 'start', cls: 'violation-note', title }),
  ];
  const y = mark.lane === null ? undefined : laneY.get(mark.lane);
  const [y1, y2] = y === undefined ? [top, top + LAYOUT.registryHeight - 4] : [y, y + LANE.height - 1];
  out.push(line(x, y1, x, y2, colour, 4, { kind: 'violation', invariant: mark.invariant, lane: mark.lane ?? '', t: String(mark.t) }, title));
  return out.join('');
}

export function timelineSvg(timeline: Timeline, id: string): TimelineSvg {
  const drawn: Drawn = new Set();
  const axis = timeAxis(timeline.endMs, LAYOUT.labelWidth + 4, LAYOUT.plotWidth);
  const registryY = LAYOUT.axisHeight + timeline.violations.length * LAYOUT.noteHeight + LAYOUT.gap;
  const lanesY = registryY + LAYOUT.registryHeight + LAYOUT.gap;
  const laneY = new Map(timeline.lanes.map((lane, i) => [lane.name, lanesY + i * LANE.height] as const));
  const bottom = lanesY + timeline.lanes.length * LANE.height;
  const height = bottom + LAYOUT.axisHeight;
  const parts: string[] = [hatchDefs(id), axisSvg(axis, 15, LAYOUT.axisHeight, bottom, false), registryRow(timeline, axis, registryY, drawn, id)];
  for (const [i, lane] of timeline.lanes.entries()) {
    const y = lanesY + i * LANE.height;
    if (i % 2 === 1) parts.push(rect({ x: 0, y, width: LAYOUT.width, height: LANE.height }, '#f7f7f7', { kind: 'stripe' }, null, ' pointer-events="none"'));
    parts.push(laneLabel(lane, y, LAYOUT.labelWidth - 6), laneSvg(lane, y, axis, drawn, id));
  }
  parts.push(shading(timeline, axis, registryY, bottom), guardEdges(timeline, axis, registryY, bottom));
  for (const [row, mark] of timeline.violations.entries()) {
    drawn.add('fault:violation');
    parts.push(violationSvg(mark, row, axis, laneY, registryY, bottom));
  }
  parts.push(axisSvg(axis, bottom + 15, 0, 0, true));
  const svg =
    `<svg id="${escapeHtml(id)}" class="timeline" viewBox="0 0 ${LAYOUT.width} ${num(height)}" data-width="${LAYOUT.width}" data-height="${num(height)}" role="img">` +
    parts.join('') +
    '</svg>';
  return { svg, drawn, axis };
}

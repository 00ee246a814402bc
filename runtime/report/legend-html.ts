// The legend under each timeline: every colour that timeline draws, with what it means, and
// what was simplified to keep the file small (folded brief changes, capped job marks).
import { escapeHtml } from './escape.ts';
import type { Drawn } from './lane-svg.ts';
import { faultKinds, jobOutcomes, memberStates, swatchOf, workerStates, type Swatch } from './palette.ts';
import { tickLabel } from './time-axis.ts';
import type { Timeline } from './timeline-model.ts';

const GROUPS: { prefix: string; title: string; table: Readonly<Record<string, Swatch>>; shape: string }[] = [
  { prefix: 'member', title: 'Registry view of the member (main band)', table: memberStates, shape: 'band' },
  { prefix: 'worker', title: 'Worker process (thin band)', table: workerStates, shape: 'thin' },
  { prefix: 'job', title: 'Jobs (bottom marks)', table: jobOutcomes, shape: 'thin' },
  { prefix: 'fault', title: 'Faults and checks', table: faultKinds, shape: 'band' },
];

function item(key: string, swatch: Swatch, shape: string): string {
  const fill = swatch.hatched ? `repeating-linear-gradient(45deg, ${swatch.colour} 0 2px, #fff 2px 4px)` : swatch.colour;
  return `<li data-legend="${escapeHtml(key)}"><span class="swatch ${shape}" style="background:${fill}"></span>${escapeHtml(swatch.label)}</li>`;
}

/** Drawn keys of one group: the palette's order first, then unknown states by name. */
function keysOf(drawn: Drawn, prefix: string, table: Readonly<Record<string, Swatch>>): string[] {
  const states = [...drawn].filter((k) => k.startsWith(`${prefix}:`)).map((k) => k.slice(prefix.length + 1));
  const known = Object.keys(table).filter((s) => states.includes(s));
  const unknown = states.filter((s) => !(s in table)).sort();
  return [...known, ...unknown];
}

export function legendHtml(drawn: Drawn, timeline: Timeline): string {
  const groups = GROUPS.map(({ prefix, title, table, shape }) => {
    const items = keysOf(drawn, prefix, table).map((state) => item(`${prefix}:${state}`, swatchOf(table, state), shape));
    return items.length === 0 ? '' : `<div class="legend-group"><h4>${escapeHtml(title)}</h4><ul>${items.join('')}</ul></div>`;
  }).join('');
  const omitted = timeline.lanes.reduce((sum, lane) => sum + lane.jobs.omitted, 0);
  const notes = [
    `Consecutive identical states are one band; changes shorter than ${tickLabel(Math.ceil(timeline.foldBelowMs))} (half a pixel) are folded into the band before them and counted in its hover text; each state folded so is still drawn, at its time, at least a pixel wide, and named here.`,
    `At most ${timeline.jobMarksPerLaneMax} job marks per lane (failed and requeued first, the rest sampled evenly over the run)${omitted > 0 ? `; ${omitted} assignments not drawn (hover a worker name for its count)` : ''}.`,
    'Hover any mark for exact times and reasons. Full-height grey shading: registry down; dashed yellow edges: the mass-failure guard holding.',
  ];
  return `<div class="legend">${groups}<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>`;
}

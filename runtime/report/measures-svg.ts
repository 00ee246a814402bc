// Two small charts under a run's timeline, on its time axis: the heartbeat rate the registry
// saw (a line) and each fault's detection latency (a dot at the fault's start: orange for
// unhealthy, red for failed). Each chart has its own value axis: 0, the middle and the top.
import { formatDuration } from '../config/units.ts';
import { escapeHtml, num } from './escape.ts';
import { memberStates } from './palette.ts';
import type { DetectionPoint, RatePoint } from './run-measures.ts';
import { line, text } from './svg-parts.ts';
import { exactTime, type TimeAxis } from './time-axis.ts';

const CHART = { height: 70, top: 14, bottom: 16 } as const;

/** The smallest of 1, 2, 5 × 10^k at or above `value`: a value axis's top. */
export function roundUp(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((top) => top >= value * (1 - 1e-9))!;
}

interface Panel {
  title: string;
  max: number;
  label(value: number): string;
  body(y: (value: number) => number): string;
}

function panel(axis: TimeAxis, top: number, p: Panel, kind: string): string {
  const plotTop = top + CHART.top;
  const plotBottom = top + CHART.height - CHART.bottom;
  const y = (value: number) => plotBottom - (p.max > 0 ? (value / p.max) * (plotBottom - plotTop) : 0);
  const right = axis.x0 + axis.width;
  const grid = [0, p.max / 2, p.max].map((v) => line(axis.x0, y(v), right, y(v), '#e0e0e0', 1, { kind: 'grid' }, null) + text(axis.x0 - 6, y(v) + 4, p.label(v), { anchor: 'end', cls: 'tick' }));
  return `<g data-chart="${kind}">${text(axis.x0, top + 10, p.title, { cls: 'chart-title' })}${grid.join('')}${p.body(y)}</g>`;
}

function rateBody(axis: TimeAxis, points: readonly RatePoint[]) {
  return (y: (v: number) => number) => {
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(axis.x(p.t))} ${num(y(p.perSecond))}`).join('');
    const title = `${points.length} samples; highest ${points.reduce((m, p) => Math.max(m, p.perSecond), 0).toFixed(1)}/s`;
    return `<path d="${d}" fill="none" stroke="#26a69a" stroke-width="1.5" data-kind="heartbeat-rate"><title>${escapeHtml(title)}</title></path>`;
  };
}

function detectionBody(axis: TimeAxis, points: readonly DetectionPoint[]) {
  return (y: (v: number) => number) =>
    points
      .map((p) => {
        const colour = memberStates[p.judged]?.colour ?? '#000';
        const title = `${p.lane}: ${p.fault} from ${exactTime(p.t)}, ${p.judged} after ${exactTime(p.latencyMs)}`;
        return `<circle cx="${num(axis.x(p.t))}" cy="${num(y(p.latencyMs))}" r="3" fill="${colour}" data-kind="detection" data-state="${p.judged}" data-lane="${escapeHtml(p.lane)}"><title>${escapeHtml(title)}</title></circle>`;
      })
      .join('');
}

/** The charts as one SVG, or '' when the log has neither heartbeat samples nor a judged fault. */
export function measuresSvg(axis: TimeAxis, width: number, rates: readonly RatePoint[], detections: readonly DetectionPoint[]): string {
  const panels: string[] = [];
  if (rates.length > 0) {
    const max = roundUp(Math.max(...rates.map((r) => r.perSecond)));
    const label = (v: number) => (v === 0 ? '0' : v < 1 ? v.toFixed(2) : v.toFixed(v < 10 ? 1 : 0));
    panels.push(panel(axis, panels.length * CHART.height, { title: 'heartbeats the registry accepted per second (scenario time)', max, label, body: rateBody(axis, rates) }, 'heartbeat-rate'));
  }
  if (detections.length > 0) {
    const max = Math.max(1000, ...detections.map((d) => d.latencyMs));
    const label = (v: number) => (v === 0 ? '0' : formatDuration(Math.round(v)));
    panels.push(panel(axis, panels.length * CHART.height, { title: 'detection latency: fault start → unhealthy (orange) / failed (red)', max, label, body: detectionBody(axis, detections) }, 'detection'));
  }
  if (panels.length === 0) return '';
  const height = panels.length * CHART.height;
  return `<svg class="measures" viewBox="0 0 ${width} ${height}" data-width="${width}" data-height="${height}" role="img">${panels.join('')}</svg>`;
}

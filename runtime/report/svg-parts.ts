// SVG primitives of the timeline: every shape carries `data-kind` (and `data-state` where it
// has one) so that tests and readers can tell them apart, and a `<title>` for hover text.
import { escapeHtml, num } from './escape.ts';
import { faultKinds } from './palette.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type DataAttributes = Record<string, string>;

function attributes(data: DataAttributes): string {
  return Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
}

function titled(open: string, close: string, title: string | null): string {
  return title === null ? `${open}/>` : `${open}><title>${escapeHtml(title)}</title></${close}>`;
}

export function rect(box: Box, fill: string, data: DataAttributes, title: string | null, extra = ''): string {
  const open = `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(Math.max(box.width, 0.4))}" height="${num(box.height)}" fill="${fill}"${extra}${attributes(data)}`;
  return titled(open, 'rect', title);
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, data: DataAttributes, title: string | null, extra = ''): string {
  const open = `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${num(width)}"${extra}${attributes(data)}`;
  return titled(open, 'line', title);
}

/** A small downward triangle whose tip is at (x, y). */
export function pin(x: number, y: number, fill: string, data: DataAttributes, title: string): string {
  const d = `M${num(x - 3.5)} ${num(y - 5)}H${num(x + 3.5)}L${num(x)} ${num(y)}Z`;
  return titled(`<path d="${d}" fill="${fill}"${attributes(data)}`, 'path', title);
}

/** Hatch patterns for every hatched swatch, with ids unique to this SVG. */
export function hatchDefs(svgId: string): string {
  const patterns = Object.values(faultKinds)
    .filter((s) => s.hatched)
    .map((s) => `<pattern id="${escapeHtml(svgId)}-hatch-${s.colour.slice(1)}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.5" height="5" fill="${s.colour}"/></pattern>`);
  return `<defs>${patterns.join('')}</defs>`;
}

export function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'middle' | 'end'; cls?: string; title?: string } = {}): string {
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const cls = options.cls ? ` class="${options.cls}"` : '';
  const title = options.title ? `<title>${escapeHtml(options.title)}</title>` : '';
  return `<text x="${num(x)}" y="${num(y)}"${anchor}${cls}>${title}${escapeHtml(content)}</text>`;
}

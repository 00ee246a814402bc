// Draws a state machine as SVG from the layout the registry computed (/api/dashboard/graphs):
// a box per state (a compound state's children inside it, under its name), an arrow per pair
// of states with the events and guards that move between them, and a count badge on each
// state when counts are given.
const NS = 'http://www.w3.org/2000/svg';
const LINE_H = 14;

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A path through dagre's points, corners rounded with quadratic curves. */
function pathOf(points) {
  if (points.length < 3) return points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [p, q] = [points[i], points[i + 1]];
    d += ` Q ${p.x} ${p.y} ${(p.x + q.x) / 2} ${(p.y + q.y) / 2}`;
  }
  const last = points.at(-1);
  return `${d} L ${last.x} ${last.y}`;
}

function drawBox(box, count) {
  const color = box.id === '*' ? '#718096' : `var(--${box.key}, #4a5568)`;
  const filled = box.parent !== null;
  const g = el('g', { 'data-state': box.id });
  const dashed = box.id === '*' ? { 'stroke-dasharray': '5 4' } : {}; // "any state": the machine's own transitions
  g.append(el('rect', { x: box.x, y: box.y, width: box.w, height: box.h, rx: 6, fill: filled ? color : '#fff', stroke: color, 'stroke-width': 2, ...dashed }));
  const name = box.key + (box.initial ? ' ◂' : '') + (box.final ? ' ◉' : '');
  g.append(el('text', { x: box.x + 8, y: box.y + 20, class: filled ? 'state-name inner' : 'state-name' }, name));
  if (count !== undefined) {
    g.append(el('rect', { x: box.x + box.w - 44, y: box.y + 7, width: 38, height: 18, rx: 9, fill: '#1a202c' }));
    g.append(el('text', { x: box.x + box.w - 25, y: box.y + 20, class: 'count', 'text-anchor': 'middle' }, String(count)));
  }
  return g;
}

function drawEdge(edge) {
  const g = el('g', { class: 'transition', 'data-from': edge.from, 'data-to': edge.to });
  g.append(el('path', { d: pathOf(edge.points), class: 'edge', 'marker-end': 'url(#arrow)' }));
  const top = edge.labelY - ((edge.labels.length - 1) * LINE_H) / 2 + 4;
  edge.labels.forEach((label, i) => g.append(el('text', { x: edge.labelX, y: top + i * LINE_H, class: 'edge-label', 'text-anchor': 'middle' }, label)));
  return g;
}

/** The SVG for a machine `layout`; `counts` maps a state id (`active`, `active.idle`) to a number. */
export function drawMachine(container, layout, counts) {
  const svg = el('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img' });
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#718096' }));
  const defs = el('defs', {});
  defs.append(marker);
  svg.append(defs);
  // Outer boxes, then the arrows, then the children: an arrow inside a compound state stays visible.
  for (const box of layout.boxes.filter((b) => b.parent === null)) svg.append(drawBox(box, counts?.[box.id]));
  for (const edge of layout.edges) svg.append(drawEdge(edge));
  for (const box of layout.boxes.filter((b) => b.parent !== null)) svg.append(drawBox(box, counts?.[box.id]));
  container.replaceChildren(svg);
}

// Draws a state machine graph (from /api/dashboard/graphs) as SVG: top-level states in a row,
// the children of a compound state stacked inside its box, transitions as curved arrows with
// their event names, and a count badge on each state when counts are given.
const NS = 'http://www.w3.org/2000/svg';
const BOX_W = 150;
const BOX_H = 34;
const GAP = 46;
const CHILD_H = 30;

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Box positions: top-level states left to right, children inside their parent. */
function layout(graph) {
  const top = graph.states.filter((s) => s.parent === null);
  const children = (id) => graph.states.filter((s) => s.parent === id);
  const boxes = new Map();
  let x = 20;
  for (const state of top) {
    const kids = children(state.id);
    const h = kids.length ? 40 + kids.length * (CHILD_H + 8) : BOX_H;
    boxes.set(state.id, { x, y: 60, w: BOX_W, h, state });
    kids.forEach((kid, i) => boxes.set(kid.id, { x: x + 10, y: 60 + 32 + i * (CHILD_H + 8), w: BOX_W - 20, h: CHILD_H, state: kid }));
    x += BOX_W + GAP;
  }
  const height = Math.max(...[...boxes.values()].map((b) => b.y + b.h)) + 70;
  return { boxes, width: x, height };
}

/** The SVG for `graph`; `counts` maps a state id (`active`, `active.idle`) to a number. */
export function drawMachine(container, graph, counts) {
  const { boxes, width, height } = layout(graph);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  const defs = el('defs', {});
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#a0aec0' }));
  defs.append(marker);
  svg.append(defs);
  graph.transitions.forEach((t, i) => {
    const a = boxes.get(t.from);
    const b = boxes.get(t.to);
    if (!a || !b || t.from === t.to) return;
    const [ax, ay, bx, by] = [a.x + a.w / 2, a.y, b.x + b.w / 2, b.y];
    const above = i % 2 === 0;
    const lift = (above ? -1 : 1) * (24 + (i % 5) * 7);
    const baseY = above ? Math.min(ay, by) : Math.max(a.y + a.h, b.y + b.h);
    const path = `M ${ax} ${above ? ay : a.y + a.h} C ${ax} ${baseY + lift}, ${bx} ${baseY + lift}, ${bx} ${above ? by : b.y + b.h}`;
    svg.append(el('path', { d: path, class: 'edge', 'marker-end': 'url(#arrow)' }));
    svg.append(el('text', { x: (ax + bx) / 2, y: baseY + lift * 0.8, class: 'edge-label', 'text-anchor': 'middle' }, t.event));
  });
  for (const box of boxes.values()) {
    const color = `var(--${box.state.key}, #4a5568)`;
    const g = el('g', { 'data-state': box.state.id });
    g.append(el('rect', { x: box.x, y: box.y, width: box.w, height: box.h, rx: 6, fill: box.state.parent ? color : '#fff', stroke: color, 'stroke-width': 2 }));
    g.append(el('text', { x: box.x + 8, y: box.y + 20, fill: box.state.parent ? '#fff' : '#1a202c' }, box.state.key + (box.state.initial ? ' ◂' : '')));
    const count = counts?.[box.state.id];
    if (count !== undefined) {
      g.append(el('rect', { x: box.x + box.w - 44, y: box.y + 7, width: 38, height: 18, rx: 9, fill: '#1a202c' }));
      g.append(el('text', { x: box.x + box.w - 25, y: box.y + 20, class: 'count', 'text-anchor': 'middle' }, String(count)));
    }
    svg.append(g);
  }
  container.replaceChildren(svg);
}

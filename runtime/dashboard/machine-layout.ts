// Where each state box and transition arrow of a machine graph goes, computed once on the
// registry with dagre's layered layout, so the page only draws rectangles, paths and text.
// Top to bottom: left to right, the member machine is wider than the page and would be shrunk.
// Two levels: the children of a compound state are laid out on their own, inside their
// parent's box under its name; then the top-level states are laid out, a compound one as one
// box of that size. A transition leaving a child for another top-level state starts at its
// parent's box and names the child in its label. Transitions between the same two boxes are
// merged into one arrow listing their events; a top-level state's transitions to itself are a
// small loop on its right side. Children of children are not drawn (no machine has them).
import dagre from '@dagrejs/dagre';
import type { GraphState, MachineGraph } from './machine-graph.ts';

export interface LaidBox {
  /** The state's dotted path (`active.idle`). */
  id: string;
  key: string;
  parent: string | null;
  compound: boolean;
  initial: boolean;
  final: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LaidEdge {
  from: string;
  to: string;
  labels: string[];
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
}

export interface MachineLayout {
  width: number;
  height: number;
  boxes: LaidBox[];
  edges: LaidEdge[];
}

interface Arrow {
  from: string;
  to: string;
  labels: string[];
}

const BOX_W = 150;
const BOX_H = 34;
/** Room above a compound state's children for its name and count. */
const HEADER_H = 34;
const PAD = 12;
const CHAR_W = 6.2; // the label font's average advance at 11px
const LINE_H = 14;
const MARGIN = 16;
const labelWidth = (labels: string[]) => Math.max(...labels.map((l) => l.length)) * CHAR_W + 8;

/** Lays out `nodes` (sized) and `arrows` between them with dagre; coordinates from (0, 0). */
function layered(nodes: Map<string, { w: number; h: number }>, arrows: Arrow[], margin = 0) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 40, edgesep: 12, marginx: margin, marginy: margin });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [id, size] of nodes) g.setNode(id, { width: size.w, height: size.h });
  for (const a of arrows) {
    g.setEdge(a.from, a.to, { width: labelWidth(a.labels), height: a.labels.length * LINE_H, labelpos: 'c' });
  }
  dagre.layout(g);
  const at = new Map([...nodes.keys()].map((id) => {
    const n = g.node(id);
    return [id, { x: n.x - n.width / 2, y: n.y - n.height / 2 }];
  }));
  const edges = arrows.map((a) => {
    const e = g.edge(a.from, a.to);
    return { ...a, points: e.points ?? [], labelX: e.x ?? 0, labelY: e.y ?? 0 };
  });
  const { width = 0, height = 0 } = g.graph();
  return { at, edges, width, height };
}

/** Adds `label` to the arrow from → to, creating it the first time. */
function addArrow(arrows: Map<string, Arrow>, from: string, to: string, label: string): void {
  const key = `${from}>${to}`;
  const arrow = arrows.get(key) ?? { from, to, labels: [] };
  if (!arrow.labels.includes(label)) arrow.labels.push(label);
  arrows.set(key, arrow);
}

const shift = (edge: LaidEdge, dx: number, dy: number): LaidEdge => ({
  ...edge, points: edge.points.map((p) => ({ x: p.x + dx, y: p.y + dy })), labelX: edge.labelX + dx, labelY: edge.labelY + dy,
});

/** A loop on the right side of `box`, its label beside it. */
function selfLoop(arrow: Arrow, box: LaidBox): LaidEdge {
  const [x, y] = [box.x + box.w, box.y + 10];
  const points = [{ x, y }, { x: x + 18, y }, { x: x + 18, y: y + 14 }, { x, y: y + 14 }];
  return { ...arrow, points, labelX: x + 22 + labelWidth(arrow.labels) / 2, labelY: y + 7 };
}

export function layoutMachine(graph: MachineGraph): MachineLayout {
  const byId = new Map(graph.states.map((s) => [s.id, s]));
  const top = graph.states.filter((s) => s.parent === null);
  const topOf = (id: string) => id.split('.')[0]!;
  /** The child of `parent` that `id` is or lies in. */
  const childOf = (id: string) => id.split('.').slice(0, 2).join('.');
  const inner = new Map(top.map((s) => [s.id, new Map<string, Arrow>()]));
  const outer = new Map<string, Arrow>();
  for (const t of graph.transitions) {
    const [a, b] = [topOf(t.from), topOf(t.to)];
    if (a === b && t.from !== a && t.to !== b) addArrow(inner.get(a)!, childOf(t.from), childOf(t.to), t.event);
    else addArrow(outer, a, b, t.from === a ? t.event : `${byId.get(childOf(t.from))!.key}: ${t.event}`);
  }

  const insides = new Map<string, ReturnType<typeof layered>>();
  const sizes = new Map<string, { w: number; h: number }>();
  for (const state of top) {
    const children = graph.states.filter((s) => s.parent === state.id);
    if (children.length === 0) {
      sizes.set(state.id, { w: BOX_W, h: BOX_H });
      continue;
    }
    const laid = layered(new Map(children.map((c) => [c.id, { w: BOX_W - 2 * PAD, h: BOX_H - 4 }])), [...inner.get(state.id)!.values()]);
    insides.set(state.id, laid);
    sizes.set(state.id, { w: Math.max(BOX_W, laid.width + 2 * PAD), h: HEADER_H + laid.height + PAD });
  }
  const loops = [...outer.values()].filter((a) => a.from === a.to);
  const whole = layered(sizes, [...outer.values()].filter((a) => a.from !== a.to), MARGIN);

  const box = (s: GraphState, x: number, y: number, w: number, h: number): LaidBox => ({
    id: s.id, key: s.key, parent: s.parent, compound: insides.has(s.id), initial: s.initial, final: s.final, x, y, w, h,
  });
  const boxes: LaidBox[] = [];
  const edges: LaidEdge[] = [...whole.edges];
  for (const state of top) {
    const { x, y } = whole.at.get(state.id)!;
    const { w, h } = sizes.get(state.id)!;
    boxes.push(box(state, x, y, w, h));
    for (const loop of loops.filter((l) => l.from === state.id)) edges.push(selfLoop(loop, boxes.at(-1)!));
    const laid = insides.get(state.id);
    if (!laid) continue;
    const dx = x + (w - laid.width) / 2;
    const dy = y + HEADER_H;
    for (const [id, p] of laid.at) boxes.push(box(byId.get(id)!, p.x + dx, p.y + dy, BOX_W - 2 * PAD, BOX_H - 4));
    edges.push(...laid.edges.map((e) => shift(e, dx, dy)));
  }
  const right = Math.max(whole.width, ...edges.map((e) => e.labelX + labelWidth(e.labels) / 2 + MARGIN));
  return { width: Math.ceil(right), height: Math.ceil(whole.height), boxes, edges };
}

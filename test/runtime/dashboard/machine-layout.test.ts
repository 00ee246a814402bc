// The dashboard's state diagrams as laid out on the registry: every state of the real member
// and worker machines gets a box (children inside their parent), every transition is on an
// arrow, and no label sits on a box or on another label, so the picture can be read.
import { describe, expect, it } from 'vitest';
import { createMemberMachine } from '../../../machines/member.machine.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { workerMachine } from '../../../machines/worker.machine.ts';
import { machineGraph, type MachineGraph } from '../../../runtime/dashboard/machine-graph.ts';
import { layoutMachine, type MachineLayout } from '../../../runtime/dashboard/machine-layout.ts';

interface Rect {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

/** Each label's box, as the page draws it: 11px text, 14px lines, centred on the label point. */
function labelRects(layout: MachineLayout): Rect[] {
  return layout.edges.map((e) => {
    const w = Math.max(...e.labels.map((l) => l.length)) * 6;
    const h = e.labels.length * 14;
    return { what: `${e.from}→${e.to} "${e.labels.join(' / ')}"`, x: e.labelX - w / 2, y: e.labelY - h / 2, w, h };
  });
}

const machines: [string, MachineGraph][] = [
  ['member', machineGraph(createMemberMachine(defaultRegistryConfig))],
  ['worker', machineGraph(workerMachine)],
];

describe.each(machines)('the %s machine laid out', (_name, graph) => {
  const layout = layoutMachine(graph);
  const boxes = new Map(layout.boxes.map((b) => [b.id, { what: b.id, ...b }]));

  it('has a box for every state, children inside their parent, all within the picture', () => {
    expect([...boxes.keys()].sort()).toEqual(graph.states.map((s) => s.id).sort());
    const picture = { what: 'picture', x: 0, y: 0, w: layout.width, h: layout.height };
    for (const box of boxes.values()) {
      expect(inside(box, picture), box.id).toBe(true);
      if (box.parent) expect(inside(box, boxes.get(box.parent)!), box.id).toBe(true);
    }
  });

  it('puts every transition on an arrow, naming the child it leaves when that is not its own box', () => {
    const shown = layout.edges.flatMap((e) => e.labels.map((l) => `${e.from}>${e.to}>${l}`));
    for (const t of graph.transitions) {
      const [from, to] = [t.from, t.to];
      const sameParent = from.split('.')[0] === to.split('.')[0] && from.includes('.') && to.includes('.');
      const drawnFrom = sameParent ? from : from.split('.')[0]!;
      const drawnTo = sameParent ? to : to.split('.')[0]!;
      const label = sameParent || !from.includes('.') ? t.event : `${from.split('.')[1]}: ${t.event}`;
      expect(shown, `${from} → ${to} on ${t.event}`).toContain(`${drawnFrom}>${drawnTo}>${label}`);
    }
    for (const e of layout.edges) expect(e.points.length, `${e.from}→${e.to}`).toBeGreaterThan(1);
  });

  it('keeps labels off the state boxes and off each other', () => {
    const labels = labelRects(layout);
    const leaves = [...boxes.values()].filter((b) => !b.compound);
    for (const [i, label] of labels.entries()) {
      for (const box of leaves) expect(overlap(label, box), `${label.what} on ${box.id}`).toBe(false);
      for (const other of labels.slice(i + 1)) expect(overlap(label, other), `${label.what} on ${other.what}`).toBe(false);
    }
  });
});

describe('the machine graph', () => {
  it("draws the machine's own transitions from an 'any state' box, with guards in the labels", () => {
    const graph = machineGraph(createMemberMachine(defaultRegistryConfig));
    expect(graph.states).toContainEqual({ id: '*', key: 'any state', parent: null, initial: false, final: false });
    expect(graph.transitions).toContainEqual({ from: '*', to: 'active', event: 'member.registered' });
    expect(graph.transitions).toContainEqual({ from: 'active', to: 'failed', event: 'check.failed [lastCheckAllowed]' });
  });
});

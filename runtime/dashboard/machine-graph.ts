// A machine definition as a graph the dashboard can draw: every state (with its parent, for
// compound states) and every transition, read from the XState definition itself, so the page
// shows the machines as they are. Each transition's label is its event and guard
// (`check.failed [lastCheckAllowed]`).
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { eventLabel, guardLabel } from './transition-labels.ts';

export interface GraphState {
  /** Dotted path, e.g. `active.idle`. */
  id: string;
  key: string;
  parent: string | null;
  initial: boolean;
  final: boolean;
}

export interface MachineGraph {
  states: GraphState[];
  transitions: { from: string; to: string; event: string }[];
}

const idOf = (node: AnyStateNode) => node.path.join('.');
/** The pseudo-state that transitions defined on the machine itself leave from. */
export const ANY = '*';

export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const states: GraphState[] = [];
  const transitions: MachineGraph['transitions'] = [];
  const seen = new Set<string>();
  const edge = (from: string, to: string, event: string) => {
    const key = `${from}>${to}>${event}`;
    if (seen.has(key)) return;
    seen.add(key);
    transitions.push({ from, to, event });
  };
  const walk = (node: AnyStateNode) => {
    const children = Object.values(node.states) as AnyStateNode[];
    const initial = (node.initial?.target?.[0] as AnyStateNode | undefined)?.key;
    for (const child of children) {
      states.push({ id: idOf(child), key: child.key, parent: node.path.length ? idOf(node) : null, initial: child.key === initial, final: child.type === 'final' });
      for (const [eventType, definitions] of child.transitions) {
        for (const t of definitions) for (const target of t.target ?? []) edge(idOf(child), idOf(target), eventLabel(eventType) + guardLabel(t.guard));
      }
      for (const t of child.always ?? []) for (const target of t.target ?? []) edge(idOf(child), idOf(target), `always${guardLabel(t.guard)}`);
      walk(child);
    }
  };
  walk(machine.root);
  // Transitions on the machine itself apply in every state: drawn from one `*` ("any state") box.
  for (const [eventType, definitions] of machine.root.transitions) {
    for (const t of definitions) for (const target of t.target ?? []) edge(ANY, idOf(target), eventLabel(eventType) + guardLabel(t.guard));
  }
  if (transitions.some((t) => t.from === ANY)) states.push({ id: ANY, key: 'any state', parent: null, initial: false, final: false });
  return { states, transitions };
}

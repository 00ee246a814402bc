// The transitions of the member, worker and breaker machines, read from their definitions (so
// the list cannot drift from the machines), at the grain the event log shows them: the member's
// full state (`active.busy`), the worker's and the breaker's top-level state. A transition is
// `from → to` between the states a log entry names; eventless (`always`) steps taken on entry
// are folded in, as the log shows where the machine settled.
import type { AnyStateMachine } from 'xstate';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { breakerMachine } from '../../../machines/breaker.machine.ts';
import { createMemberMachine } from '../../../machines/member.machine.ts';
import { workerMachine } from '../../../machines/worker.machine.ts';

/** The part of xstate's state node this reads. */
interface Node {
  path: string[];
  states: Record<string, Node>;
  initial?: { target: readonly Node[] };
  transitions: Map<string, readonly Edge[]>;
  always?: readonly Edge[];
}

interface Edge {
  target?: readonly Node[];
  reenter?: boolean;
}

export type MachineName = 'member' | 'worker' | 'breaker';

/** The log's name for a state: its path, cut to `depth` levels. */
const nameOf = (node: Node, depth: number) => node.path.slice(0, depth).join('.');

function leaves(node: Node): Node[] {
  const children = Object.values(node.states);
  return children.length === 0 ? [node] : children.flatMap(leaves);
}

/** The leaves a machine can settle in on entering `node`: its initial leaf, then eventless steps. */
function settled(node: Node, seen = new Set<Node>()): Node[] {
  if (seen.has(node)) return [];
  seen.add(node);
  const children = Object.values(node.states);
  if (children.length > 0) return node.initial ? node.initial.target.flatMap((t) => settled(t, seen)) : [];
  const onward = (node.always ?? []).flatMap((edge) => (edge.target ?? []).flatMap((t) => settled(t, seen)));
  return [node, ...onward];
}

function allNodes(node: Node): Node[] {
  return [node, ...Object.values(node.states).flatMap(allNodes)];
}

/** Every `from → to` a machine's definition allows, at the log's grain (`depth` levels). */
function transitionsOf(machine: AnyStateMachine, depth: number): string[] {
  const out = new Set<string>();
  for (const node of allNodes(machine.root as unknown as Node)) {
    const edges = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const edge of edges) {
      for (const target of edge.target ?? []) {
        for (const from of leaves(node)) {
          for (const to of settled(target)) {
            const [a, b] = [nameOf(from, depth), nameOf(to, depth)];
            // A step within one logged state is invisible, unless it re-enters (a new session).
            if (a !== b || (edge.reenter === true && depth > 1)) out.add(`${a} → ${b}`);
          }
        }
      }
    }
  }
  return [...out].sort();
}

/** Each machine's transitions, from its definition. */
export function machineTransitions(): Record<MachineName, string[]> {
  return {
    member: transitionsOf(createMemberMachine(defaultRegistryConfig), 9),
    worker: transitionsOf(workerMachine, 1),
    breaker: transitionsOf(breakerMachine, 1),
  };
}

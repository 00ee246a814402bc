// Mermaid state diagrams generated from machine definitions, so docs/architecture.md shows
// the machines as they are, not as someone once drew them.
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { eventLabel, guardLabel } from '../dashboard/transition-labels.ts';

function nodeName(node: AnyStateNode): string {
  return node.path.length === 0 ? 'root' : node.path.join('_');
}

function transitionsOf(node: AnyStateNode, lines: string[], indent: string): void {
  const emitted = new Set<string>();
  for (const [eventType, definitions] of node.transitions) {
    for (const t of definitions) {
      for (const target of t.target ?? []) {
        const line = `${indent}${nodeName(node)} --> ${nodeName(target)} : ${eventLabel(eventType)}${guardLabel(t.guard)}`;
        if (!emitted.has(line)) lines.push(line);
        emitted.add(line);
      }
    }
  }
  for (const t of node.always ?? []) {
    for (const target of t.target ?? []) lines.push(`${indent}${nodeName(node)} --> ${nodeName(target)} : always${guardLabel(t.guard)}`);
  }
}

function describe(node: AnyStateNode, lines: string[], depth: number): void {
  const indent = '  '.repeat(depth);
  const children = Object.values(node.states) as AnyStateNode[];
  if (node.path.length > 0 && children.length > 0) lines.push(`${indent}state ${nodeName(node)} {`);
  const inner = node.path.length > 0 && children.length > 0 ? indent + '  ' : indent;
  for (const child of children) {
    lines.push(`${inner}${nodeName(child)} : ${child.key}`);
  }
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${inner}[*] --> ${nodeName(initial)}`);
  for (const child of children) {
    if (child.type === 'final') lines.push(`${inner}${nodeName(child)} --> [*]`);
    describe(child, lines, depth + (node.path.length > 0 && children.length > 0 ? 1 : 0));
  }
  if (node.path.length > 0 && children.length > 0) lines.push(`${indent}}`);
  if (node.path.length > 0) transitionsOf(node, lines, indent);
}

/** A Mermaid `stateDiagram-v2` of a machine: every state, initial state and transition. */
export function stateDiagram(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  describe(machine.root, lines, 1);
  // Transitions defined on the root apply in every state; show them once, from the root's children.
  for (const [eventType, definitions] of machine.root.transitions) {
    for (const t of definitions) {
      for (const target of t.target ?? []) lines.push(`  note right of ${nodeName(target)} : any state --${eventLabel(eventType)}--> here`);
    }
  }
  return lines.join('\n');
}

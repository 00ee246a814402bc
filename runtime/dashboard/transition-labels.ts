// How a machine's transition reads in a picture of it: its event (shortened for delayed and
// eventless ones) and its guard (`check.failed [lastCheckAllowed]`). Shared by the dashboard's
// machine graphs (machine-graph.ts) and the state diagrams written into the docs
// (runtime/docs-generators/state-diagram.ts).

/** A readable name for a guard: its type, or `not x` / `a and b` for XState's combinators. */
function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function' && 'guards' in guard) {
    const parts = (guard as { guards: unknown[] }).guards.map(guardName);
    return guard.name === 'not' ? `not ${parts.join(', ')}` : parts.join(` ${guard.name} `);
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String((guard as { type: unknown }).type);
  return 'guard';
}

/** ` [guard]` after an event name, or nothing for an unguarded transition. */
export function guardLabel(guard: unknown): string {
  return guard ? ` [${guardName(guard)}]` : '';
}

/** The event a transition answers, shortened for delayed (`after`) and eventless (`always`) ones. */
export function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  return eventType === '' ? 'always' : eventType;
}

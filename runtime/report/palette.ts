// Colours and legend labels of everything the timeline draws. Every state has its own colour;
// a state the palette does not know (a newer log) still gets one, and the legend names it.

export interface Swatch {
  colour: string;
  label: string;
  /** Drawn as diagonal hatching in `colour` rather than a solid fill. */
  hatched?: boolean;
}

/** The registry's view of a member (`member` entries), plus `removed` after `member.removed`. */
export const memberStates: Readonly<Record<string, Swatch>> = {
  registered: { colour: '#b0bec5', label: 'registered (known, never heard from)' },
  'active.idle': { colour: '#66bb6a', label: 'active · idle' },
  'active.busy': { colour: '#1b7a2a', label: 'active · busy (at capacity)' },
  'active.draining': { colour: '#4fc3f7', label: 'active · draining' },
  active: { colour: '#43a047', label: 'active' },
  unhealthy: { colour: '#ffa000', label: 'unhealthy (heartbeats missed)' },
  failed: { colour: '#d32f2f', label: 'failed (jobs requeued)' },
  inactive: { colour: '#795548', label: 'inactive' },
  removed: { colour: '#37474f', label: 'removed (deleted from the store)' },
};

/** The worker process's own state (`worker` entries). */
export const workerStates: Readonly<Record<string, Swatch>> = {
  starting: { colour: '#fff176', label: 'starting' },
  registering: { colour: '#fbc02d', label: 'registering' },
  active: { colour: '#26a69a', label: 'active' },
  reconnecting: { colour: '#8e24aa', label: 'reconnecting' },
  draining: { colour: '#29b6f6', label: 'draining' },
  deregistering: { colour: '#0277bd', label: 'deregistering' },
  stopped: { colour: '#9e9e9e', label: 'stopped' },
  down: { colour: '#212121', label: 'down (crashed or not started)' },
};

export const jobOutcomes: Readonly<Record<string, Swatch>> = {
  succeeded: { colour: '#5c6bc0', label: 'job: assigned → succeeded' },
  failed: { colour: '#c2185b', label: 'job: assigned → failed' },
  requeued: { colour: '#ff5722', label: 'job: assigned → requeued' },
  running: { colour: '#9fa8da', label: 'job: still assigned at the end' },
};

/** Fault windows on a lane's fault strip, and the full-height registry windows. */
export const faultKinds: Readonly<Record<string, Swatch>> = {
  crash: { colour: '#d50000', label: 'crash (SIGKILL) instant' },
  down: { colour: '#424242', label: 'down after a crash, until restart' },
  partition: { colour: '#283593', label: 'partitioned from the registry (hatched)', hatched: true },
  latency: { colour: '#0288d1', label: 'latency fault' },
  reset: { colour: '#e65100', label: 'connection resets' },
  blackhole: { colour: '#000000', label: 'blackhole (data stops flowing)' },
  pause: { colour: '#6a1b9a', label: 'worker paused (SIGSTOP → SIGCONT)' },
  'registry-down': { colour: '#607d8b', label: 'registry down (crash → restart)' },
  guard: { colour: '#f57f17', label: 'mass-failure guard holding (hatched; dashed edges)', hatched: true },
  violation: { colour: '#e91e63', label: 'first violating entry of an invariant' },
};

const SPARE = ['#ab47bc', '#8d6e63', '#00838f', '#c0ca33', '#5d4037', '#f06292'];

/** The swatch of `state` in `table`, or a stable spare colour for a state the table lacks. */
export function swatchOf(table: Readonly<Record<string, Swatch>>, state: string): Swatch {
  const known = table[state];
  if (known) return known;
  let hash = 0;
  for (const c of state) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return { colour: SPARE[hash % SPARE.length]!, label: state };
}

// What real mode's script actions share (script-actions.ts, link-faults.ts, cluster-faults.ts):
// the cluster they act on, the log they write, and the scale between production and real time.
import type { RealCluster } from './cluster.ts';
import type { RealLog } from './merged-log.ts';
import type { RealSettings } from './time-scale.ts';

export interface ActionContext {
  readonly cluster: RealCluster;
  readonly log: RealLog;
  readonly settings: RealSettings;
  /** Tells the person watching what the script does now, stamped with the scenario's time. */
  note(text: string): void;
  /** Real milliseconds of a production duration. */
  real(duration: string | number): number;
}

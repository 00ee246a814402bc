// Which scenario runs in which mode: each in the modes it allows; over the whole library, the
// replica scenarios are left out of real mode where there is no PostgreSQL (named one by one,
// they run and fail saying why).
import { replicaNames, type Mode, type Scenario } from './scenario.ts';

export interface RunPlan {
  runs: { s: Scenario; mode: Mode }[];
  /** Left out of real mode for want of PostgreSQL. */
  skipped: Scenario[];
}

export function planRuns(chosen: readonly Scenario[], modes: readonly Mode[], wholeLibrary: boolean, postgres: boolean): RunPlan {
  const skipped = wholeLibrary && modes.includes('real') && !postgres ? chosen.filter((s) => replicaNames(s).length > 0) : [];
  const runsIn = (s: Scenario, mode: Mode) => (!s.modes || s.modes.includes(mode)) && !(mode === 'real' && skipped.includes(s));
  return { runs: modes.flatMap((mode) => chosen.filter((s) => runsIn(s, mode)).map((s) => ({ s, mode }))), skipped };
}

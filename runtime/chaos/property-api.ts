// `rollcall/chaos/property`: property-based chaos for another project's test suite. Fault
// schedules as fast-check arbitraries, one schedule run in the simulator with every invariant
// checked, and the command that replays a schedule (docs/chaos.md, "In your own test suite").
// Needs fast-check, which the suite that imports this has anyway.
import '../package/node-guard.ts';

export { campaignSchedules, faultSchedules } from './property/schedule-arbitraries.ts';
export {
  describeSchedule,
  encodeSchedule,
  decodeSchedule,
  scheduleScenario,
  type FaultAction,
  type FaultSchedule,
  type FaultStep,
} from './property/fault-schedule.ts';
export { replayCommand, runSchedule } from './property/campaign.ts';
export { checkInvariants, invariants } from '../invariants/invariants.ts';

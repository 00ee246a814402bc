// An unhealthy member whose worker's heartbeats reach the registry again is active again
// (docs/behaviour.md §1 Heartbeats: a heartbeat returns an unhealthy member to `active`, logged
// as a recovery) — it is not left unhealthy until it fails.
import { comesBack } from './comes-back.ts';

export const unhealthyRecovers = comesBack('unhealthy-member-recovers', (e) => e.type === 'member' && e.to === 'unhealthy');

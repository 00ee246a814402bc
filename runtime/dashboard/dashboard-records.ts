// What the registry process keeps for the dashboard beside the core (which keeps no history):
// each member's recent state changes, the latest events, and the cluster over the last hour.
// The event sink feeds the first two (registry-events.ts); the trend is sampled by a timer
// (activity.routes.ts). Each is bounded. docs/dashboard.md.
import type { LogFields } from '../events/log-entry.ts';
import { ClusterTrend } from './cluster-trend.ts';
import { MemberHistory } from './member-history.ts';
import { RecentEvents } from './recent-events.ts';

export class DashboardRecords {
  readonly history: MemberHistory;
  readonly events: RecentEvents;
  readonly trend: ClusterTrend;

  constructor(parts: { history?: MemberHistory; events?: RecentEvents; trend?: ClusterTrend } = {}) {
    this.history = parts.history ?? new MemberHistory();
    this.events = parts.events ?? new RecentEvents();
    this.trend = parts.trend ?? new ClusterTrend();
  }

  /** One registry event (the event sink's `write`). */
  observe(t: number, type: string, fields: LogFields): void {
    this.history.observe(t, type, fields);
    this.events.observe(t, type, fields);
  }
}

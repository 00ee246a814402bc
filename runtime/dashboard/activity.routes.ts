// The cluster's recent activity as two reads of the REST API (in the OpenAPI document): the
// latest registry events (GET /api/events) and members by state and the heartbeat rate over
// the last hour (GET /api/workers/stats/history), with the timer that samples the latter.
// The dashboard draws them; a script can read them too. docs/dashboard.md.
import type { FastifyInstance } from 'fastify';
import { onCore, sampleWhileUp } from '../http/core-call.ts';
import { EVENTS_LIMIT_MAX } from '../http/request-schemas.ts';
import { checkedRequest } from '../http/request-validation.ts';
import type { RouteContext } from '../http/route-context.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { TrendReading, TrendSample } from './cluster-trend.ts';
import type { DashboardRecords } from './dashboard-records.ts';
import type { RecentEvent } from './recent-events.ts';

/** How often the sampler looks whether a sample is due (the trend says how far apart they are). */
const LOOK_EVERY_MS = 1_000;

/** An event as GET /api/events gives it: `at` in ISO 8601. */
export type RecentEventJson = Omit<RecentEvent, 'at'> & { at: string };
/** A sample as GET /api/workers/stats/history gives it: `at` in ISO 8601. */
export type TrendSampleJson = Omit<TrendSample, 'at'> & { at: string };

const iso = (ms: number) => new Date(ms).toISOString();
const eventJson = (event: RecentEvent): RecentEventJson => ({ ...event, at: iso(event.at) });
const sampleJson = (sample: TrendSample): TrendSampleJson => ({ ...sample, at: iso(sample.at) });

export function activityRoutes(app: FastifyInstance, ctx: RouteContext, records: DashboardRecords): void {
  const { host } = ctx;
  const { trend, events } = records;
  const readingOf = (core: CoreAccess, now: number): TrendReading => ({ at: now, byState: core.counts(), heartbeats: core.heartbeatCount });
  const reading = (): TrendReading => onCore(host, readingOf);
  // Samples while the registry is up, whether or not a page is open; a standby's gap stays a gap.
  sampleWhileUp(app, host, LOOK_EVERY_MS, (core, now) => {
    if (trend.due(now)) trend.record(readingOf(core, now));
  });

  // The samples, then the cluster as it is now: the charts reach the present.
  app.get('/api/workers/stats/history', async () => ({ everyMs: trend.everyMs, samples: trend.samples(reading()).map(sampleJson) }));

  app.get('/api/events', async (request) => {
    // A bound on a number written as text: the code checks it rather than the schema.
    const asked = (request.query as { limit?: unknown }).limit;
    const over = typeof asked === 'string' && Number(asked) > EVENTS_LIMIT_MAX ? [{ field: 'limit', description: `must be at most ${EVENTS_LIMIT_MAX}` }] : [];
    const query = checkedRequest<{ limit?: string; after?: string; audited?: string }>('EventQuery', request.query, 'invalid events query', over);
    const limit = Number(query.limit ?? 0) || 200;
    const latest = events.latest(limit, Number(query.after ?? 0), query.audited === 'true').map(eventJson);
    return { events: latest, count: latest.length };
  });
}

// The live dashboard at `/` on the registry's HTTP port: the page and its assets (plain HTML,
// CSS and a JS module shipped in runtime/dashboard/assets/, no build step, nothing from the
// network), the data it reads (a paged member table, one member's history and jobs, the state
// machines as graphs, the recent activity of activity.routes.ts) and one Server-Sent Events
// stream of coalesced updates. docs/dashboard.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createMemberMachine } from '../../machines/member.machine.ts';
import { viewOf } from '../../machines/registry/queries.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import { workerMachine } from '../../machines/worker.machine.ts';
import { ApiError } from '../http/api-error.ts';
import { loadOptional, MissingDependencyError } from '../package/optional-dependency.ts';
import { onReads } from '../http/core-call.ts';
import { FieldReader } from '../http/field-reader.ts';
import { workerJson } from '../http/rest-shapes.ts';
import type { IdParams, RouteContext } from '../http/route-context.ts';
import { LiveStream } from './live-stream.ts';
import { machineGraph, type MachineGraph } from './machine-graph.ts';
import { activityRoutes } from './activity.routes.ts';
import type { DashboardRecords } from './dashboard-records.ts';
import { memberPage, SORT_KEYS } from './member-page.ts';
import { wholeNumber } from './whole-number.ts';
import { SummarySource } from './summary-source.ts';

const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  ...Object.fromEntries(['app.js', 'charts.js', 'diagram.js', 'format.js', 'live.js', 'member-view.js', 'registry-api.js', 'views.js'].map((file) => [file, JS])),
};
const assetDir = join(import.meta.dirname, 'assets');
const read = (file: string) => readFileSync(join(assetDir, file), 'utf8');

/** Both machines as graphs, each with the layout the page draws. */
async function drawnGraphs(config: RegistryConfig) {
  const { layoutMachine } = await loadOptional('@dagrejs/dagre', "the dashboard's state diagrams", () => import('./machine-layout.ts'));
  const drawn = (graph: MachineGraph) => ({ ...graph, layout: layoutMachine(graph) });
  return { member: drawn(machineGraph(createMemberMachine(config))), worker: drawn(machineGraph(workerMachine)) };
}

export function dashboardRoutes(app: FastifyInstance, ctx: RouteContext, records: DashboardRecords): void {
  const { host } = ctx;
  const { history } = records;
  const page = read('index.html');
  const assets = Object.fromEntries(Object.keys(ASSETS).map((name) => [name, read(name)]));
  let graphs: Promise<unknown> | undefined;
  const summaries = new SummarySource(ctx);
  const live = new LiveStream({ summary: () => summaries.latest(), version: () => history.version });
  app.addHook('onClose', async () => live.close());
  activityRoutes(app, ctx, records);

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));

  app.get<{ Params: { asset: string } }>('/dashboard/:asset', async (request, reply) => {
    const type = ASSETS[request.params.asset];
    if (!type) throw new ApiError('not_found', `no dashboard asset ${request.params.asset}`);
    return reply.type(type).send(assets[request.params.asset]);
  });

  // Laid out on the first request (dagre is an optional dependency, loaded only then).
  app.get('/api/dashboard/graphs', async () => {
    graphs ??= drawnGraphs(host.config).catch((error: unknown) => {
      graphs = undefined;
      throw error instanceof MissingDependencyError ? new ApiError('unavailable', error.message) : error;
    });
    return graphs;
  });

  app.get('/api/dashboard/summary', async (_request, reply) => reply.type('application/json; charset=utf-8').send(await summaries.fresh()));

  app.get('/api/dashboard/events', async (_request, reply) => live.attach(reply));

  app.get('/api/dashboard/members', async (request, reply) => {
    const query = new FieldReader(request.query);
    const state = query.string('state', { max: 64 });
    const q = query.string('q', { max: 200 });
    const sort = query.oneOf('sort', SORT_KEYS) ?? 'id';
    const order = query.oneOf('order', ['asc', 'desc'] as const) ?? 'asc';
    const offset = wholeNumber(query, 'offset', 0, 10_000_000);
    const limit = wholeNumber(query, 'limit', 100, 1_000) || 100;
    query.check('invalid member query');
    const page = await onReads(ctx, reply, (core, now) =>
      memberPage(core, { ...(state ? { state } : {}), ...(q ? { q } : {}), sort, desc: order === 'desc', offset, limit }, now),
    );
    // Each row's band: the states of its last few changes.
    return { ...page, rows: page.rows.map((row) => ({ ...row, recent: history.of(row.id).slice(-8).map((c) => c.to) })) };
  });

  app.get<{ Params: IdParams }>('/api/dashboard/members/:id', async (request, reply) => {
    const { id } = request.params;
    const found = await onReads(ctx, reply, (core, now) => {
      const member = core.member(id);
      if (!member) return null;
      const jobs = member.jobIds.map((jobId) => core.job(jobId)).filter((j) => j !== undefined);
      return { worker: workerJson(viewOf(member)), heartbeatAgeMs: member.lastHeartbeatAt > 0 ? now - member.lastHeartbeatAt : null, jobs, now };
    });
    if (!found) throw new ApiError('not_found', `worker ${id} does not exist`);
    return { ...found, history: history.of(id) };
  });
}

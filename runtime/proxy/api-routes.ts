// The Toxiproxy HTTP API: which method on which path does what, and the bodies it replies with.
import { errorMessage, errorStatus } from './api-error.ts';
import { encodeJson } from './go-json.ts';
import type { ProxyMetrics } from './metrics.ts';
import { PopulateError, type ProxyRegistry } from './registry.ts';
import { toxicJson } from './toxic-spec.ts';

// The Toxiproxy API version we implement, tagged as ours (semver build metadata).
export const API_VERSION = '2.12.0+rollcall';

export interface Reply {
  status: number;
  body?: string;
  contentType?: string;
  nosniff?: boolean;
}

export interface RouteContext {
  params: string[];
  body: string;
  registry: ProxyRegistry;
  metrics: ProxyMetrics;
}

type Handler = (context: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  pattern: RegExp;
  // undefined: any method (Toxiproxy's /metrics has no method restriction).
  methods?: Record<string, Handler>;
  any?: Handler;
}

const NAME = '([^/]+)';

export function json(status: number, value: unknown): Reply {
  return { status, body: encodeJson(value), contentType: 'application/json' };
}

// Go's http.Error: a JSON-looking body, but text/plain, with a newline.
export function errorReply(error: unknown): Reply {
  const status = errorStatus(error);
  return { status, body: `${encodeJson({ error: errorMessage(error), status })}\n`, contentType: 'text/plain; charset=utf-8', nosniff: true };
}

const noContent: Reply = { status: 204 };

async function populate({ registry, body }: RouteContext): Promise<Reply> {
  try {
    return json(201, { proxies: await registry.populate(body) });
  } catch (error) {
    if (!(error instanceof PopulateError)) throw error;
    const status = errorStatus(error.cause);
    const applied = error.applied.length > 0 ? error.applied : null;
    return json(status, { error: errorMessage(error.cause), status, proxies: applied });
  }
}

const param = (context: RouteContext, index: number): string => context.params[index] ?? '';

export function routes(metricsEnabled: boolean): Route[] {
  const table: Route[] = [
    {
      pattern: /^\/reset$/,
      methods: { POST: async ({ registry }) => (await registry.reset(), noContent) },
    },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: ({ registry }) => json(200, Object.fromEntries(registry.sorted().map((proxy) => [proxy.name, proxy]))),
        POST: async ({ registry, body }) => json(201, await registry.create(body)),
      },
    },
    { pattern: /^\/populate$/, methods: { POST: populate } },
    {
      pattern: new RegExp(`^/proxies/${NAME}$`),
      methods: {
        GET: (c) => json(200, c.registry.get(param(c, 0))),
        POST: async (c) => json(200, await c.registry.update(param(c, 0), c.body)),
        PATCH: async (c) => json(200, await c.registry.update(param(c, 0), c.body)),
        DELETE: async (c) => (await c.registry.remove(param(c, 0)), noContent),
      },
    },
    {
      pattern: new RegExp(`^/proxies/${NAME}/toxics$`),
      methods: {
        GET: (c) => json(200, c.registry.get(param(c, 0)).toJSON().toxics),
        POST: (c) => json(200, toxicJson(c.registry.createToxic(param(c, 0), c.body))),
      },
    },
    {
      pattern: new RegExp(`^/proxies/${NAME}/toxics/${NAME}$`),
      methods: {
        GET: (c) => json(200, toxicJson(c.registry.getToxic(param(c, 0), param(c, 1)))),
        POST: async (c) => json(200, toxicJson(await c.registry.updateToxic(param(c, 0), param(c, 1), c.body))),
        PATCH: async (c) => json(200, toxicJson(await c.registry.updateToxic(param(c, 0), param(c, 1), c.body))),
        DELETE: async (c) => (await c.registry.removeToxic(param(c, 0), param(c, 1)), noContent),
      },
    },
    {
      pattern: /^\/version$/,
      methods: { GET: () => ({ status: 200, body: `{"version": "${API_VERSION}"}\n`, contentType: 'application/json;charset=utf-8' }) },
    },
  ];
  if (metricsEnabled) {
    table.push({
      pattern: /^\/metrics$/,
      any: ({ metrics }) => ({ status: 200, body: metrics.render(), contentType: 'text/plain; version=0.0.4; charset=utf-8' }),
    });
  }
  return table;
}

// The named proxies and every operation the API performs on them, run one at a time (like
// Toxiproxy's collection lock) so listeners, toxics and connections never see a half-made change.
import { resolvedAddress } from './address.ts';
import { ApiError } from './api-error.ts';
import { jsonKind } from './go-json.ts';
import type { ProxyMetrics } from './metrics.ts';
import { Proxy } from './proxy.ts';
import { defaultRandom, type Random } from './random.ts';
import { bodyObject, parseBody, readBool, readString } from './request-body.ts';
import { parseToxicCreate, parseToxicUpdate, type ToxicSpec } from './toxic-spec.ts';

interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

// A populate that failed part-way: the proxies applied before the failure stay applied.
export class PopulateError extends Error {
  override name = 'PopulateError';
  override readonly cause: unknown;
  readonly applied: Proxy[];
  constructor(cause: unknown, applied: Proxy[]) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.cause = cause;
    this.applied = applied;
  }
}

function readProxyInput(value: unknown, goType: string): ProxyInput {
  const object = bodyObject(value, goType);
  return {
    name: readString(object, 'name', 'Proxy') ?? '',
    listen: readString(object, 'listen', 'Proxy') ?? '',
    upstream: readString(object, 'upstream', 'Proxy') ?? '',
    enabled: readBool(object, 'enabled', 'Proxy') ?? true,
  };
}

export class ProxyRegistry {
  private readonly proxies = new Map<string, Proxy>();
  private readonly random: Random;
  private readonly metrics: ProxyMetrics;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(metrics: ProxyMetrics, random: Random = defaultRandom) {
    this.metrics = metrics;
    this.random = random;
  }

  // Runs `work` after every operation queued before it.
  exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  sorted(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ApiError('proxyNotFound');
    return proxy;
  }

  async create(bodyText: string): Promise<Proxy> {
    const input = readProxyInput(parseBody(bodyText), 'toxiproxy.Proxy');
    if (input.name === '') throw new ApiError('missingField', 'name');
    if (input.upstream === '') throw new ApiError('missingField', 'upstream');
    if (this.proxies.has(input.name)) throw new ApiError('proxyAlreadyExists');
    const proxy = new Proxy(input.name, input.listen, input.upstream, this.random, this.metrics);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  // Toxiproxy's Update: a changed listen/upstream restarts the proxy (dropping connections).
  async update(name: string, bodyText: string): Promise<Proxy> {
    const proxy = this.get(name);
    const object = bodyObject(parseBody(bodyText), 'toxiproxy.Proxy');
    const listen = readString(object, 'listen', 'Proxy') ?? proxy.listen;
    const upstream = readString(object, 'upstream', 'Proxy') ?? proxy.upstream;
    const enabled = readBool(object, 'enabled', 'Proxy') ?? proxy.enabled;
    if ((await resolvedAddress(listen)) !== proxy.listen || upstream !== proxy.upstream) {
      await proxy.stop();
      proxy.listen = listen;
      proxy.upstream = upstream;
    }
    if (enabled && !proxy.enabled) await proxy.start();
    if (!enabled && proxy.enabled) await proxy.stop();
    return proxy;
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    this.proxies.delete(name);
    await proxy.stop();
  }

  // Validates every item, then applies them in order with no rollback on failure.
  async populate(bodyText: string): Promise<Proxy[]> {
    let inputs: ProxyInput[];
    try {
      const body = parseBody(bodyText);
      if (body !== null && !Array.isArray(body)) {
        throw new ApiError('badRequestBody', `json: cannot unmarshal ${jsonKind(body)} into Go value of type []toxiproxy.Proxy`);
      }
      const items: unknown[] = Array.isArray(body) ? body : [];
      inputs = items.map((item) => readProxyInput(item, 'toxiproxy.Proxy'));
      for (const [index, input] of inputs.entries()) {
        if (input.name === '') throw new ApiError('missingField', `name at proxy ${index + 1}`);
        if (input.upstream === '') throw new ApiError('missingField', `upstream at proxy ${index + 1}`);
      }
    } catch (error) {
      throw new PopulateError(error, []);
    }
    const applied: Proxy[] = [];
    for (const input of inputs) {
      try {
        applied.push(await this.addOrReplace(input));
      } catch (error) {
        throw new PopulateError(error, applied);
      }
    }
    return applied;
  }

  private async addOrReplace(input: ProxyInput): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    if (existing) {
      const differs = (await resolvedAddress(input.listen)) !== existing.listen || input.upstream !== existing.upstream;
      if (!differs) return existing;
      await existing.stop();
    }
    const proxy = new Proxy(input.name, input.listen, input.upstream, this.random, this.metrics);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  // Enables every proxy and removes every toxic; proxies stay, with their addresses.
  async reset(): Promise<void> {
    for (const proxy of this.sorted()) {
      if (!proxy.enabled) await proxy.start();
      await proxy.removeAllToxics();
    }
  }

  getToxic(proxyName: string, toxicName: string): ToxicSpec {
    const spec = this.get(proxyName).findToxic(toxicName);
    if (!spec) throw new ApiError('toxicNotFound');
    return spec;
  }

  createToxic(proxyName: string, bodyText: string): ToxicSpec {
    const proxy = this.get(proxyName);
    const spec = parseToxicCreate(parseBody(bodyText), (name) => proxy.findToxic(name) !== undefined);
    proxy.addToxic(spec);
    return spec;
  }

  async updateToxic(proxyName: string, toxicName: string, bodyText: string): Promise<ToxicSpec> {
    const spec = this.getToxic(proxyName, toxicName);
    await this.get(proxyName).updateToxic(spec, parseToxicUpdate(parseBody(bodyText), spec));
    return spec;
  }

  async removeToxic(proxyName: string, toxicName: string): Promise<void> {
    const spec = this.getToxic(proxyName, toxicName);
    await this.get(proxyName).removeToxic(spec);
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.stop()));
    this.proxies.clear();
  }
}

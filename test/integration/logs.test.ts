// The logs of real registry and worker processes (docs/operations.md, "Logs"): one shape for
// both, the PID first, state changes as readable lines, request logs at debug, JSON when the
// log is not a terminal and pretty lines when asked for.
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

const cluster = new Cluster();
afterAll(() => cluster.stop());

// Every line has these; rollcall's own lines also name their `event` (Fastify's "Server listening" does not).
const SHAPE = ['hostname', 'level', 'msg', 'name', 'pid', 'time'];
const entries = (text: string) => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('logs of real processes', () => {
  it('registry and worker: the PID first, one shape, readable state changes, requests at debug', async () => {
    const registry = await cluster.startRegistry(['--log-level', 'debug']);
    const worker = await cluster.startWorker('w1');
    await cluster.workerState(worker, 'active');
    const [registryFirst] = entries(registry.stderr);
    const [workerFirst] = entries(worker.lines.join('\n'));
    expect(registryFirst).toMatchObject({ event: 'process.started', name: 'registry', pid: registry.child.pid, msg: expect.stringContaining(`pid ${registry.child.pid}`) });
    expect(workerFirst).toMatchObject({ event: 'process.started', name: 'worker', pid: worker.child.pid, msg: expect.stringContaining(`pid ${worker.child.pid}`) });
    for (const entry of [...entries(registry.stderr), ...entries(worker.lines.join('\n'))]) {
      expect(Object.keys(entry).filter((key) => SHAPE.includes(key)).sort(), JSON.stringify(entry)).toEqual(SHAPE);
    }
    await cluster.api('GET', '/api/workers');
    await until('a request line', () => entries(registry.stderr).some((e) => e.event === 'http.request'));
    expect(entries(registry.stderr).find((e) => e.event === 'http.request')).toMatchObject({ level: 20, msg: expect.stringMatching(/^GET \/api\/workers 200 [\d.]+ms$/) });
    worker.signal('SIGKILL');
    await until('the unhealthy line', () => entries(registry.stderr).some((e) => e.event === 'member' && e.to === 'unhealthy'));
    const change = entries(registry.stderr).find((e) => e.event === 'member' && e.to === 'unhealthy')!;
    expect(change.msg).toMatch(new RegExp(`^${String(change.id)} active(\\.\\w+)? → unhealthy: no heartbeat for \\d+(\\.\\d)?(ms|s)$`));
  });

  it('pretty lines when asked for: UTC time, level, process, message', async () => {
    const pretty = cluster.spawn(['registry', '--db', ':memory:', '--grpc-port', '0', '--http-port', '0', '--log-format', 'pretty']);
    await pretty.line((l) => l.startsWith('rollcall registry: gRPC on'), 15_000);
    await until('the listening line', () => pretty.stderr.includes('listening: gRPC on port'));
    const first = pretty.stderr.split('\n')[0]!;
    expect(first).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  registry  rollcall registry \\S+ started, pid ${pretty.child.pid}  node=v\\d`));
    expect(pretty.stderr).not.toContain('{"level"');
  });
});

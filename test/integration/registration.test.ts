// Registration with real processes (docs/behaviour.md §1, seeds 000–002): dial-in of a pre-registered
// worker, the same ID across crashes and restarts, a lost registration reply, hardware changes.
import { afterEach, describe, expect, it } from 'vitest';
import { startProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { Cluster, freePort } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

describe('registration (real processes)', () => {
  it('a worker offline at pre-registration is dialled in and active within the reconnect interval', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const agentPort = await freePort();
    const pre = await cluster.api('POST', '/api/workers/preregister', { name: 'late', address: `127.0.0.1:${agentPort}`, workerId: 'late-1' });
    expect(pre.status).toBe(201);
    expect((await cluster.member('late-1')).state).toBe('registered');
    // The worker does not know the registry: it waits for the registry to dial it.
    const worker = await cluster.startWorker('late', ['--agent-port', String(agentPort)], true);
    const started = Date.now();
    await cluster.workerState(worker, 'active', 5000);
    expect(Date.now() - started).toBeLessThan(3000);
    const member = await cluster.member('late-1');
    expect(member).toMatchObject({ state: 'active', epoch: 1 });
    expect(await cluster.workerId(worker)).toBe('late-1');
  });

  it('a crashed worker (SIGKILL) restarts under the same ID, a new epoch, and one member after five cycles', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    let worker = await cluster.startWorker('phoenix');
    const id = await cluster.workerId(worker);
    for (let cycle = 2; cycle <= 5; cycle++) {
      await worker.kill();
      worker = await cluster.startWorker('phoenix');
      expect(await cluster.workerId(worker)).toBe(id);
      await cluster.until(() => cluster.member(id), (m) => m.epoch === cycle && m.state === 'active', 5000, `epoch ${cycle}`);
    }
    const list = await cluster.api<{ count: number }>('GET', '/api/workers');
    expect(list.body.count).toBe(1);
  });

  it('a hardware change is taken on re-registration: the new capacity replaces the old', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    let worker = await cluster.startWorker('grower', ['--capacity', '2']);
    const id = await cluster.workerId(worker);
    expect((await cluster.member(id)).maxConcurrentJobs).toBe(2);
    await worker.kill();
    worker = await cluster.startWorker('grower', ['--capacity', '8']);
    expect(await cluster.workerId(worker)).toBe(id);
    await cluster.until(() => cluster.member(id), (m) => m.maxConcurrentJobs === 8, 5000, 'capacity 8');
  });

  it('a lost registration reply: the retry gets the same ID, and there is one member', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const proxy = await startProxyServer({ host: '127.0.0.1', port: 0 });
    try {
      const created = await fetch(`${proxy.url}/proxies`, {
        method: 'POST',
        body: JSON.stringify({ name: 'registry', listen: '127.0.0.1:0', upstream: cluster.endpoint }),
      });
      const { listen } = (await created.json()) as { listen: string };
      // Replies come back after the worker's deadline: the registration lands, the worker
      // never hears of it in time (a lost reply, as far as it can tell).
      await fetch(`${proxy.url}/proxies/registry/toxics`, {
        method: 'POST',
        body: JSON.stringify({ name: 'lose-replies', type: 'latency', stream: 'downstream', attributes: { latency: 1500 } }),
      });
      const worker = cluster.spawn(['worker', '--registry', listen, '--join-token', cluster.joinToken, '--id', 'lonely', '--state-dir', `${cluster.dir}/lonely`, '--heartbeat-interval', '200ms', '--initial-delay', '50ms', '--max-delay', '400ms', '--breaker-open', '300ms', '--rpc-timeout', '500ms']);
      await cluster.memberState('lonely', 'active', 8000);
      expect(worker.lines.some((l) => l.includes('"to":"active"'))).toBe(false);
      // Let that attempt's deadline (500 ms) pass, so its reply is lost for good, then heal.
      await new Promise((r) => setTimeout(r, 1200));
      await fetch(`${proxy.url}/proxies/registry/toxics/lose-replies`, { method: 'DELETE' });
      expect(await cluster.workerId(worker)).toBe('lonely');
      const list = await cluster.api<{ count: number }>('GET', '/api/workers');
      expect(list.body.count).toBe(1);
      expect((await cluster.member('lonely')).epoch).toBeGreaterThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  });
});

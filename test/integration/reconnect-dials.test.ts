// The reconnect monitor against real processes and real sockets (issue #16): a member address
// that accepts TCP and never speaks gRPC (a wedged worker) keeps no socket open past a dial's
// timeout, removing the member ends the dials in flight at once, and each failed dial is logged;
// a worker frozen until it failed comes back as one new session, whatever dials were in flight.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
let listener: Server | undefined;
afterEach(async () => {
  await cluster.stop();
  listener?.close();
});

interface Accepted {
  socket: Socket;
  at: number;
  closedAt: number | null;
}

/** Accepts, reads and never answers; remembers when each connection came and went. */
async function wedgedAgent(): Promise<{ address: string; accepted: Accepted[]; open: () => number }> {
  const accepted: Accepted[] = [];
  listener = createServer((socket) => {
    const entry: Accepted = { socket, at: Date.now(), closedAt: null };
    accepted.push(entry);
    socket.on('close', () => (entry.closedAt = Date.now()));
    socket.on('error', () => {});
    socket.resume();
  });
  await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  return { address: `127.0.0.1:${port}`, accepted, open: () => accepted.filter((a) => a.closedAt === null).length };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The registry's count of dial-ins it started. */
async function dialsAttempted(): Promise<number> {
  const response = await fetch(`${cluster.http}/metrics`, { headers: { authorization: `Bearer ${cluster.adminToken}` } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith('rollcall_reconnect_attempts_total '));
  return Number(line?.split(' ')[1] ?? 0);
}

const DIAL_TIMEOUT_MS = 3000;
/** What a loaded machine may add to a dial's end: timers late, the close seen a little after. */
const SLACK_MS = 1500;

describe('reconnect dials to a wedged worker (real registry process)', () => {
  it('keep no socket past the dial timeout, and unregistering closes the dials in flight', async () => {
    cluster = new Cluster();
    const agent = await wedgedAgent();
    // A dial every 100 ms, each allowed 3 s: many in flight at once, each ending by its timeout.
    const registry = await cluster.startRegistry(['--reconnect-interval', '100ms', '--reconnect-backoff-max', '100ms', '--dial-timeout', `${DIAL_TIMEOUT_MS}ms`, '--log-level', 'debug']);
    const pre = await cluster.api('POST', '/api/workers/preregister', { workerId: 'wedged', name: 'wedged', address: agent.address });
    expect(pre.status).toBe(201);
    let dials = 0;
    while (dials < 12) {
      await new Promise((r) => setTimeout(r, 100));
      dials = await dialsAttempted();
    }
    // Every dial older than its timeout (and the slack) has closed its socket.
    await until(() => agent.accepted.some((a) => Date.now() - a.at > DIAL_TIMEOUT_MS + SLACK_MS), 10_000, 'dials past their timeout');
    const now = Date.now();
    const lingering = agent.accepted.filter((a) => (a.closedAt ?? now) - a.at > DIAL_TIMEOUT_MS + SLACK_MS);
    expect(lingering.map((a) => (a.closedAt ?? now) - a.at)).toEqual([]);
    expect(agent.accepted.filter((a) => a.closedAt !== null).length).toBeGreaterThanOrEqual(10);
    // Removing the member ends the dials still in flight, well before their timeout.
    expect(agent.open()).toBeGreaterThan(0);
    const removed = await cluster.api('DELETE', '/api/workers/wedged');
    expect(removed.status).toBe(200);
    const removedAt = Date.now();
    await until(() => agent.open() === 0, DIAL_TIMEOUT_MS, 'the dials in flight to close');
    expect(Date.now() - removedAt).toBeLessThan(DIAL_TIMEOUT_MS - 500);
    const dialsAfter = agent.accepted.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(agent.accepted.length).toBe(dialsAfter);
    // Each failed dial was logged at debug, with the member, its address and why.
    const failures = registry.stderr.split('\n').filter((l) => l.includes('"event":"dial.failed"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(failures[0]).toMatchObject({ level: 20, id: 'wedged', address: agent.address, reason: expect.stringContaining('DEADLINE_EXCEEDED') });
    expect(failures.some((f) => f.reason === 'cancelled: the member was removed')).toBe(true);
  });
});

type JobJson = { id: string; state: string; workerId: string | null; attempt: number };

describe('a worker frozen until it failed, then resumed (real processes)', () => {
  it('comes back as exactly one new session, its jobs requeued once, with dial-ins in flight', async () => {
    cluster = new Cluster();
    // A dial every 300 ms, each allowed 3 s: when the worker resumes, several are in flight.
    await cluster.startRegistry(['--reconnect-interval', '300ms', '--reconnect-backoff-max', '300ms', '--dial-timeout', '3s', '--cleanup-after', '1m']);
    const worker = await cluster.startWorker('frozen', ['--capacity', '2']);
    const id = await cluster.workerId(worker);
    for (const jobId of ['long-1', 'long-2']) await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId });
    worker.signal('SIGSTOP');
    await cluster.memberState(id, 'failed', 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    worker.signal('SIGCONT');
    await cluster.memberState(id, 'active', 10_000);
    // Whatever else was still on its way has landed by now.
    await new Promise((r) => setTimeout(r, 2000));
    expect(worker.lines.filter((l) => l.includes('"event":"worker.attached"')).length).toBeGreaterThan(0);
    expect((await cluster.member(id)).epoch).toBe(2);
    const jobs = await Promise.all(['long-1', 'long-2'].map((j) => cluster.api<JobJson>('GET', `/api/jobs/${j}`).then((r) => r.body)));
    expect(jobs.map((j) => [j.state, j.workerId, j.attempt])).toEqual([
      ['assigned', id, 2],
      ['assigned', id, 2],
    ]);
  });
});

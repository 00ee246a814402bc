// `rollcall admin` as an operator runs it: a child process against a registry's REST API
// listening on a real port in this process.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, type Api } from '../support/http-harness.ts';
import { ADMIN_TOKEN, listeningApi, rollcall } from '../support/admin-cli.ts';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let api: Api;
let url: string;
let reconnects = 0;

beforeAll(async () => {
  ({ api, url } = await listeningApi({ triggerReconnect: () => void reconnects++ }));
});

afterAll(async () => {
  await api.app.close();
});

describe('rollcall admin against a running registry', () => {
  it('lists workers as a table and as JSON, filtered by state', async () => {
    const a = await register(api, { name: 'alpha', maxConcurrentJobs: 3 });
    await api.inject({ method: 'POST', url: '/api/workers/preregister', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'edge', address: '10.4.0.1:7400', workerId: 'edge-0' } });
    const table = await rollcall(['admin', 'list', '--http', url]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+SUBSTATE\s+EPOCH\s+LAST HEARTBEAT\s+JOBS$/);
    expect(lines.find((l) => l.startsWith(a.worker.id))).toMatch(/alpha\s+active\s+idle\s+1\s+\d+s ago\s+0\/3$/);
    expect(lines.find((l) => l.startsWith('edge-0'))).toMatch(/edge\s+registered\s+-\s+0\s+never\s+0\/1$/);

    const json = await rollcall(['admin', '--http', url, 'list', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const reply = JSON.parse(json.stdout);
    expect(reply.count).toBe(reply.workers.length);
    expect(reply.workers.map((w: { id: string }) => w.id)).toContain('edge-0');

    const registered = await rollcall(['admin', 'list', '--state', 'registered', '--json'], { ROLLCALL_HTTP: url });
    expect(JSON.parse(registered.stdout).workers.map((w: { state: string }) => w.state)).toEqual(['registered']);
  });

  it('registers, drains and unregisters a worker', async () => {
    const reg = await rollcall(['admin', 'register', 'gpu-box', '10.5.0.9:7400', '--id', 'gpu-9', '--http', url]);
    expect(reg.code, reg.stderr).toBe(0);
    expect(reg.stdout).toBe('pre-registered gpu-9 (gpu-box at 10.5.0.9:7400); the registry will dial it\n');
    expect((await api.inject({ method: 'GET', url: '/api/workers/gpu-9' })).json().state).toBe('registered');

    const s = await register(api, { name: 'to-drain' });
    const drain = await rollcall(['admin', 'drain', s.worker.id, '--http', url]);
    expect(drain.code, drain.stderr).toBe(0);
    expect((await api.inject({ method: 'GET', url: `/api/workers/${s.worker.id}` })).json().substate).toBe('draining');

    const gone = await rollcall(['admin', 'unregister', 'gpu-9', '--http', url]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toBe('removed gpu-9 (0 job(s) requeued)\n');
    expect((await api.inject({ method: 'GET', url: '/api/workers/gpu-9' })).statusCode).toBe(404);
  });

  it('triggers the sweeps and the reconnect monitor, and submits jobs', async () => {
    const check = await rollcall(['admin', 'health-check', '--http', url]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^health check: \d+ checked, 0 failed\n$/);
    const cleanup = await rollcall(['admin', 'cleanup', '--http', url, '--json']);
    expect(JSON.parse(cleanup.stdout)).toEqual({ cleaned: 0, removed: 0 });
    const before = reconnects;
    expect((await rollcall(['admin', 'reconnect', '--http', url])).stdout).toBe('reconnect monitor triggered\n');
    expect(reconnects).toBe(before + 1);
    const job = await rollcall(['admin', 'submit-job', 'render', '--payload', 'frame=7', '--id', 'job-cli', '--http', url]);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toMatch(/^submitted job-cli \(render\): (assigned to \S+|queued)\n$/);
    expect((await api.inject({ method: 'GET', url: '/api/jobs/job-cli' })).json().payload).toBe('frame=7');
  });

  it('sends the admin token from --token or $ROLLCALL_ADMIN_TOKEN; without it an admin call is refused (exit 1)', async () => {
    const none = await rollcall(['admin', 'health-check', '--http', url], { ROLLCALL_ADMIN_TOKEN: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^rollcall: unauthenticated: .*admin token.*pass --token or set ROLLCALL_ADMIN_TOKEN\n$/);
    const wrong = await rollcall(['admin', 'drain', 'ghost', '--http', url, '--token', 'not-it']);
    expect(wrong.stderr).toMatch(/^rollcall: unauthenticated: /);
    const flag = await rollcall(['admin', 'health-check', '--http', url, '--token', ADMIN_TOKEN], { ROLLCALL_ADMIN_TOKEN: '' });
    expect(flag.code).toBe(0);
    const onAdmin = await rollcall(['admin', '--token', ADMIN_TOKEN, 'health-check', '--http', url], { ROLLCALL_ADMIN_TOKEN: '' });
    expect(onAdmin.code).toBe(0);
    // Reads stay open without --protect-reads.
    expect((await rollcall(['admin', 'list', '--http', url], { ROLLCALL_ADMIN_TOKEN: '' })).code).toBe(0);
  });

  it("prints an API error's code and message and exits 1", async () => {
    const run = await rollcall(['admin', 'drain', 'ghost', '--http', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('rollcall: not_found: worker ghost does not exist\n');
    expect(run.stdout).toBe('');
  });

  it('says in one line that the registry is not running, and exits 1', async () => {
    const port = await closedPort();
    const run = await rollcall(['admin', 'list', '--http', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`rollcall: cannot reach the registry at http://127.0.0.1:${port}: connection refused\n`);
  });

  it.each([
    [['admin', 'register', 'n', 'no-port'], /HOST:PORT: "no-port": must be HOST:PORT/],
    [['admin', 'register', 'n'], /missing required argument/],
    [['admin', 'list', '--state', 'sleeping'], /--state: "sleeping" is not a state/],
    [['admin', 'drain', 'bad id'], /ID: "bad id" is not a worker or job ID/],
    [['admin', 'list', '--http', 'not a url'], /--http: "not a url" is not a URL/],
    [['admin', 'evict', 'w-1'], /unknown command 'evict'/],
    [['admin', 'list', '--bogus'], /unknown option '--bogus'/],
  ])('rejects %j as bad usage with exit 2', async (args, message) => {
    const run = await rollcall(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('has --help on admin and every subcommand', async () => {
    const names = ['status', 'list', 'get', 'jobs', 'register', 'unregister', 'drain', 'reconnect', 'health-check', 'cleanup', 'submit-job'];
    const top = await rollcall(['admin', '--help']);
    expect(top.code).toBe(0);
    for (const name of names) expect(top.stdout).toContain(name);
    const runs = await Promise.all(names.map((name) => rollcall(['admin', name, '--help'])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/--http <url>/);
    }
  });
});

// The operator's read views as real CLI processes against a registry on a real port: `get`,
// `jobs`, `status`, `-o json|wide` / `--json` anywhere, `--watch`, and a closed pipe.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, type Api } from '../support/http-harness.ts';
import { ADMIN_TOKEN, cli, listeningApi, rollcall } from '../support/admin-cli.ts';

let api: Api;
let url: string;
let workerId: string;

beforeAll(async () => {
  ({ api, url } = await listeningApi());
  workerId = (await register(api, { name: 'alpha', maxConcurrentJobs: 2, labels: { zone: 'b' } })).worker.id;
  for (const jobId of ['j-1', 'j-2']) {
    await api.inject({ method: 'POST', url: '/api/jobs', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { kind: 'render', jobId } });
  }
});

afterAll(async () => {
  await api.app.close();
});

describe('rollcall admin: read views', () => {
  it('get shows one worker, or one job, by its ID; an unknown ID exits 1', async () => {
    const worker = await rollcall(['admin', 'get', workerId, '--http', url]);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stdout).toMatch(new RegExp(`^ID: +${workerId}\nName: +alpha\n`));
    expect(worker.stdout).toMatch(/^State: +active\.busy$/m);
    expect(worker.stdout).toMatch(/^Labels: +zone=b$/m);
    const job = await rollcall(['admin', 'get', 'j-1', '--http', url]);
    expect(job.stdout).toMatch(new RegExp(`^Worker: +${workerId} \\(epoch 1\\)$`, 'm'));
    const none = await rollcall(['admin', 'get', 'nobody', '--http', url]);
    expect([none.code, none.stderr]).toEqual([1, 'rollcall: not_found: no worker or job nobody\n']);
  });

  it('jobs lists jobs, filtered by --state, wider with -o wide', async () => {
    const table = await rollcall(['admin', 'jobs', '--http', url]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+STATE\s+WORKER\s+ATTEMPT\s+SUBMITTED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['j-1', 'j-2']);
    const wide = await rollcall(['admin', 'jobs', '-o', 'wide', '--http', url]);
    expect(wide.stdout.split('\n')[0]).toMatch(/ATTEMPT\s+SUBMITTED\s+EPOCH\s+FINISHED\s+RESULT$/);
    const queued = await rollcall(['admin', 'jobs', '--state', 'succeeded', '--http', url]);
    expect(queued.stdout).toBe('no jobs\n');
  });

  it('status sums the registry up, then lists the workers', async () => {
    const run = await rollcall(['status', '--http', url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Registry: +${url} \\(rollcall \\S+, up\\)$`, 'm'));
    expect(run.stdout).toMatch(/^Workers: +1: 1 active$/m);
    expect(run.stdout).toMatch(/^Capacity: +2\/2 job slots in use$/m);
    expect(run.stdout).toMatch(/^Jobs: +2: 2 assigned$/m);
    expect(run.stdout).toMatch(/^ID\s+NAME\s+STATE/m);
    const head = (text: string) => text.split('\n').slice(0, 5);
    expect(head((await rollcall(['admin', 'status', '--http', url])).stdout)).toEqual(head(run.stdout));
  });

  it.each([
    [['--json', 'admin', 'list']],
    [['admin', '-o', 'json', 'list']],
    [['admin', 'list', '--output=json']],
    [['-ojson', 'admin', 'list']],
  ])('takes the output flag anywhere: %j', async (args) => {
    const run = await rollcall(args, { ROLLCALL_HTTP: url });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).workers.map((w: { id: string }) => w.id)).toEqual([workerId]);
  });

  it('refuses an unknown output format with exit 2', async () => {
    const run = await rollcall(['admin', 'list', '-o', 'yaml', '--http', url]);
    expect([run.code, run.stderr]).toEqual([2, 'rollcall: -o: "yaml" is not a format (use table, wide, json)\n']);
  });

  it('--watch prints again until interrupted, and a reader that goes away ends it quietly', async () => {
    // `rollcall admin list --watch 100ms | head -1`: head exits after one line, and the next write hits a closed pipe.
    const child = spawn('sh', ['-c', `"${process.execPath}" "${cli}" admin list --watch 100ms --http ${url} | head -1; echo "exit $?"`], { env: { ...process.env, ROLLCALL_ADMIN_TOKEN: ADMIN_TOKEN } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^ID\s+NAME\s+STATE.*\nexit 0\n$/);
  });

  it('--watch prints the view again and again', async () => {
    const child = spawn(process.execPath, [cli, 'admin', 'jobs', '-w', '50ms', '--http', url], { env: { ...process.env, ROLLCALL_ADMIN_TOKEN: ADMIN_TOKEN } });
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').filter((l) => l.startsWith('ID ')).length >= 3) resolve();
      });
    });
    child.kill('SIGINT');
    expect(stdout.split('\n').filter((l) => l.startsWith('j-1 ')).length).toBeGreaterThanOrEqual(3);
  });
});

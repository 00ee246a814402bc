// The cluster's tokens with real processes: a registry started without any generates both,
// prints them once on stdout as a line to paste, apart from the logs, keeps them in its database
// and in an owner-only file beside it, and reuses them after a restart; `rollcall tokens` shows
// and rotates them; workers need the join token (flag or file); tokens never appear in log lines
// or notes.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

const EXPORT_LINE = /^export ROLLCALL_JOIN_TOKEN=(\S+) ROLLCALL_ADMIN_TOKEN=(\S+)$/m;

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');

function tokens(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, 'tokens', ...args], { encoding: 'utf8', timeout: 20_000 });
}

function occurrences(text: string, token: string): number {
  return text.split(token).length - 1;
}

describe('cluster tokens (real processes)', () => {
  it('generated once, printed once, kept across a restart, and required from then on', async () => {
    cluster = new Cluster();
    const first = await cluster.startRegistry(['--log-level', 'info'], false);
    const [, joinToken, adminToken] = EXPORT_LINE.exec(first.lines.join('\n')) ?? [];
    expect(joinToken).toMatch(/^rcjoin_[A-Za-z0-9_-]{43}$/);
    expect(adminToken).toMatch(/^rcadmin_[A-Za-z0-9_-]{43}$/);
    const tokenFile = join(cluster.dir, 'registry.db.tokens');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8')).toContain(`\nexport ROLLCALL_JOIN_TOKEN=${joinToken} ROLLCALL_ADMIN_TOKEN=${adminToken}\n`);
    cluster.joinToken = joinToken!;
    cluster.adminToken = adminToken!;

    // A worker without the token is refused and never becomes a member.
    const outsider = cluster.spawn(['worker', '--registry', cluster.endpoint, '--id', 'outsider', '--state-dir', join(cluster.dir, 'outsider'), '--heartbeat-interval', '200ms', '--initial-delay', '50ms', '--max-delay', '200ms']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(outsider.lines.some((l) => l.includes('"to":"active"'))).toBe(false);
    expect((await cluster.api('GET', '/api/workers/outsider')).status).toBe(404);
    await outsider.kill();
    // Refused credentials are logged (never the credential itself): the outsider's gRPC attempt,
    // a REST registration and an admin call without tokens.
    expect((await cluster.api('POST', '/api/workers', { workerId: 'x', name: 'x', maxConcurrentJobs: 1 }, 'nope')).status).toBe(401);
    await cluster.until(async () => first.stderr, (e) => /"event":"auth.refused","api":"grpc"/.test(e) && /"event":"auth.refused","api":"rest","method":"POST","route":"\/api\/workers"/.test(e), 5000, 'auth.refused lines');

    // One with the token from a file joins.
    const file = join(cluster.dir, 'join-token');
    writeFileSync(file, `${joinToken}\n`, { mode: 0o600 });
    const member = await cluster.startWorker('filed', ['--id', 'filed', '--join-token-file', file]);
    await cluster.workerState(member, 'active');
    expect((await cluster.api('POST', '/api/health/check', undefined, null)).status).toBe(401);
    expect((await cluster.api('POST', '/api/health/check')).status).toBe(200);

    // Restart on the same database: the same tokens, not printed again.
    await first.kill();
    const second = await cluster.startRegistry(['--log-level', 'info'], false);
    expect(second.lines.join('\n')).not.toMatch(EXPORT_LINE);
    expect((await cluster.api('POST', '/api/health/check')).status).toBe(200);
    await cluster.memberState('filed', 'active');
    const late = await cluster.startWorker('late', ['--id', 'late']);
    await cluster.workerState(late, 'active');

    // Never logged: each token appears once on the first registry's stdout (its line), nowhere else.
    await new Promise((r) => setTimeout(r, 300));
    expect(occurrences(first.lines.join('\n'), joinToken!)).toBe(1);
    expect(occurrences(first.lines.join('\n'), adminToken!)).toBe(1);
    expect(occurrences(first.stderr, joinToken!) + occurrences(first.stderr, adminToken!)).toBe(0);
    for (const proc of [second, outsider, member, late]) {
      const output = proc.lines.join('\n') + proc.stderr;
      expect(occurrences(output, joinToken!) + occurrences(output, adminToken!)).toBe(0);
    }
  });

  it('an explicit token is kept with the database and used when a later start gives none', async () => {
    cluster = new Cluster();
    const first = await cluster.startRegistry();
    expect(first.lines.join('\n')).not.toMatch(EXPORT_LINE);
    await first.kill();
    const second = await cluster.startRegistry([], false);
    expect(second.lines.join('\n')).not.toMatch(EXPORT_LINE);
    const worker = await cluster.startWorker('w', ['--id', 'w']);
    await cluster.workerState(worker, 'active');
    expect((await cluster.api('POST', '/api/cleanup/failed')).status).toBe(200);
  });

  it('rollcall tokens shows them from the database, and rotates one that the next start requires', async () => {
    cluster = new Cluster();
    const db = join(cluster.dir, 'registry.db');
    expect(tokens('--db', db)).toMatchObject({ status: 2, stderr: `rollcall: --db: no registry database at ${db} (rollcall registry --db ${db} creates one)\n` });
    const first = await cluster.startRegistry([], false);
    const [line, oldJoin, adminToken] = EXPORT_LINE.exec(first.lines.join('\n')) ?? [];
    expect(tokens('--db', db)).toMatchObject({ status: 0, stdout: `${line}\n`, stderr: '' });

    const rotated = tokens('--db', db, '--rotate', 'join');
    expect(rotated.status).toBe(0);
    expect(rotated.stderr).toBe(`rollcall tokens: new join token kept in ${db} and ${db}.tokens; a running registry takes it when it restarts\n`);
    const [, newJoin, sameAdmin] = EXPORT_LINE.exec(rotated.stdout) ?? [];
    expect(newJoin).toMatch(/^rcjoin_[A-Za-z0-9_-]{43}$/);
    expect(newJoin).not.toBe(oldJoin);
    expect(sameAdmin).toBe(adminToken);
    expect(readFileSync(`${db}.tokens`, 'utf8')).toContain(rotated.stdout);

    await first.kill();
    await cluster.startRegistry([], false);
    cluster.adminToken = adminToken!;
    const refused = cluster.spawn(['worker', '--registry', cluster.endpoint, '--join-token', oldJoin!, '--state-dir', join(cluster.dir, 'old')]);
    expect(await refused.exited).toBe(1);
    await cluster.until(async () => refused.stderr, (e) => /^rollcall worker: stopped: UNAUTHENTICATED: /m.test(e), 2000, 'the refusal line');
    const joined = await cluster.startWorker('new', ['--join-token', newJoin!]);
    await cluster.workerState(joined, 'active');
  });
});
